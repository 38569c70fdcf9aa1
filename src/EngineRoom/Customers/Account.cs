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
    /// <summary>
    /// Random, carried by every access token as <c>stamp</c>; replacing it ends every session of the account at once
    /// (see <see cref="Tokens.SessionValidity"/> and docs/decisions/0008).
    /// </summary>
    public string SecurityStamp { get; private set; } = "";
    public DateTimeOffset SecurityStampChangedAt { get; private set; }
    /// <summary>When the owner proved they read mail at <see cref="Email"/> (null: not yet; a new email starts unverified).</summary>
    public DateTimeOffset? EmailVerifiedAt { get; private set; }
    public string? Phone { get; private set; }
    public bool MarketingConsent { get; private set; }
    /// <summary>When marketing consent was last given or withdrawn (null: never asked).</summary>
    public DateTimeOffset? MarketingConsentChangedAt { get; private set; }
    /// <summary>When the account's personal data was erased (privacy); the row stays so orders and audit keep their subject.</summary>
    public DateTimeOffset? ErasedAt { get; private set; }

    private Account() { }

    public static Account Create(string email, string name, string role, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Email = Emails.Clean(email),
        NormalizedEmail = Normalize(email),
        SecurityStamp = NewStamp(),
        SecurityStampChangedAt = now,
        Name = name.Trim(),
        Role = Roles.IsKnown(role) ? role : throw new ArgumentOutOfRangeException(nameof(role)),
        CreatedAt = now,
    };

    public static string Normalize(string email) => Emails.Normalize(email);

    public bool IsDisabled => DisabledAt is not null;

    /// <summary>A first password, or the same password hashed anew: sessions stay.</summary>
    public void SetPasswordHash(string hash) => PasswordHash = hash;

    public void ChangePassword(string hash, DateTimeOffset now)
    {
        PasswordHash = hash;
        EndAllSessions(now);
    }

    /// <summary>Every access token issued so far stops working, on every instance (within its poll interval).</summary>
    public void EndAllSessions(DateTimeOffset now)
    {
        SecurityStamp = NewStamp();
        SecurityStampChangedAt = now;
    }

    private static string NewStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public void Rename(string name) => Name = name.Trim();

    public void EditProfile(string? name, string? phone, bool? marketingConsent, DateTimeOffset now)
    {
        if (name is not null) Rename(name);
        if (phone is not null) Phone = phone.Trim() is { Length: > 0 } p ? p : null;
        if (marketingConsent is { } consent && (consent != MarketingConsent || MarketingConsentChangedAt is null))
            (MarketingConsent, MarketingConsentChangedAt) = (consent, now);
    }

    public void VerifyEmail(DateTimeOffset now) => EmailVerifiedAt ??= now;

    /// <summary>The new address was proven by a link sent to it: it is verified, and every session ends (tokens carry the email).</summary>
    public void ChangeEmail(string email, DateTimeOffset now)
    {
        if (IsErased) throw new BusinessRuleException("customer_erased", "This account was erased.");
        Email = Emails.Clean(email);
        NormalizedEmail = Normalize(email);
        EmailVerifiedAt = now;
        EndAllSessions(now);
    }

    public bool IsErased => ErasedAt is not null;

    /// <summary>
    /// Removes the personal data: the email becomes a placeholder no one can receive mail at (so the address is free to
    /// register again), name, phone, consent and password go, and the account can never sign in again.
    /// </summary>
    public void Erase(DateTimeOffset now)
    {
        if (IsErased) return;
        Email = ErasedEmail(Id);
        NormalizedEmail = Normalize(Email);
        (Name, Phone, PasswordHash, MarketingConsent, MarketingConsentChangedAt, EmailVerifiedAt) = ("", null, "", false, null, null);
        DisabledAt ??= now;
        ErasedAt = now;
        EndAllSessions(now);
    }

    /// <summary>The placeholder an erased customer's email becomes, here and on their orders (.invalid never resolves, RFC 2606).</summary>
    public static string ErasedEmail(Guid accountId) => $"erased-{accountId:N}@erased.invalid";

    public void ChangeRole(string role, Guid actingAccountId, DateTimeOffset now)
    {
        if (!Roles.IsKnown(role)) throw new BusinessRuleException("validation_failed", $"Unknown role '{role}'.", 400);
        if (role == Role) return;
        if (actingAccountId == Id) throw new BusinessRuleException("cannot_change_own_role", "An admin cannot change their own role.");
        Role = role;
        EndAllSessions(now); // tokens carry the role: the old ones must not keep its power
    }

    public void SetDisabled(bool disabled, Guid actingAccountId, DateTimeOffset now)
    {
        if (actingAccountId == Id && disabled)
            throw new BusinessRuleException("cannot_disable_self", "An admin cannot disable their own account.");
        if (disabled == IsDisabled) return;
        if (!disabled && IsErased) throw new BusinessRuleException("customer_erased", "An erased account cannot be enabled.");
        DisabledAt = disabled ? now : null;
        EndAllSessions(now);
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
        account.Property(a => a.SecurityStamp).HasMaxLength(64);
        account.Property(a => a.Phone).HasMaxLength(40);
        account.HasIndex(a => a.SecurityStampChangedAt); // each instance polls "changed since" (SessionValidity)
    }
}
