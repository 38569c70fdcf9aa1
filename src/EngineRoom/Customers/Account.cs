using EngineRoom.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Customers;

/// <summary>Anyone who can sign in: a customer, a staff member or an admin.</summary>
public sealed class Account
{
    public Guid Id { get; private set; }
    public string Email { get; private set; } = "";
    public string NormalizedEmail { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string PasswordHash { get; private set; } = "";
    public string Role { get; private set; } = Roles.Customer;
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DisabledAt { get; private set; }

    private Account() { }

    public static Account Create(string email, string name, string role, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Email = email.Trim(),
        NormalizedEmail = Normalize(email),
        Name = name.Trim(),
        Role = Roles.IsKnown(role) ? role : throw new ArgumentOutOfRangeException(nameof(role)),
        CreatedAt = now,
    };

    public static string Normalize(string email) => email.Trim().ToUpperInvariant();

    public bool IsDisabled => DisabledAt is not null;

    public void SetPasswordHash(string hash) => PasswordHash = hash;

    public void Rename(string name) => Name = name.Trim();

    public void ChangeRole(string role, Guid actingAccountId)
    {
        if (!Roles.IsKnown(role)) throw new BusinessRuleException("validation_failed", $"Unknown role '{role}'.", 400);
        if (actingAccountId == Id && role != Role)
            throw new BusinessRuleException("cannot_change_own_role", "An admin cannot change their own role.");
        Role = role;
    }

    public void SetDisabled(bool disabled, Guid actingAccountId, DateTimeOffset now)
    {
        if (actingAccountId == Id && disabled)
            throw new BusinessRuleException("cannot_disable_self", "An admin cannot disable their own account.");
        DisabledAt = disabled ? DisabledAt ?? now : null;
    }
}

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> account)
    {
        account.ToTable("customers_accounts");
        account.HasKey(a => a.Id);
        account.Property(a => a.Email).HasMaxLength(254);
        account.Property(a => a.NormalizedEmail).HasMaxLength(254);
        account.HasIndex(a => a.NormalizedEmail).IsUnique();
        account.Property(a => a.Name).HasMaxLength(100);
        account.Property(a => a.PasswordHash).HasMaxLength(200);
        account.Property(a => a.Role).HasMaxLength(20);
        account.HasIndex(a => new { a.Role, a.Id });
    }
}
