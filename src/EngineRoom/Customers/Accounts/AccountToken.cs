using System.Security.Cryptography;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Customers.Accounts;

/// <summary>
/// A single-use token mailed to an address: a password reset, or the proof that an address is the account's (its
/// first email, or the new one it changes to). Only its SHA-256 is stored; it is bound to the account and to the email
/// it was sent to, and expires.
/// </summary>
public sealed class AccountToken
{
    public const string PasswordReset = "password_reset";
    public const string VerifyEmail = "verify_email";
    /// <summary>Proves a new address before the account switches to it.</summary>
    public const string ChangeEmail = "change_email";

    public Guid Id { get; private set; }
    public Guid AccountId { get; private set; }
    public string Purpose { get; private set; } = "";
    public byte[] TokenHash { get; private set; } = [];
    /// <summary>The address the token was mailed to (as written); for a verification, the address it proves.</summary>
    public string Email { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? UsedAt { get; private set; }

    private AccountToken() { }

    /// <summary>Adds a new token to <paramref name="db"/> (saved by the caller) and returns the secret to mail.</summary>
    public static string Issue(EngineRoomDb db, Guid accountId, string purpose, string email, DateTimeOffset now, TimeSpan lifetime)
    {
        var secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        db.AccountTokens.Add(new AccountToken
        {
            Id = Guid.CreateVersion7(now), AccountId = accountId, Purpose = purpose, TokenHash = Hash(secret),
            Email = Emails.Clean(email), CreatedAt = now, ExpiresAt = now + lifetime,
        });
        return secret;
    }

    /// <summary>
    /// Uses the token, once: the unused, unexpired token of one of these purposes that was mailed to <paramref name="email"/>.
    /// The use is one conditional update, so of two requests with one token exactly one gets it. Null when it is
    /// unknown, tampered, expired, used, or another address's; nothing is written then.
    /// </summary>
    public static async Task<AccountToken?> ConsumeAsync(EngineRoomDb db, string[] purposes, string secret, string email, DateTimeOffset now, CancellationToken ct)
    {
        var hash = Hash(secret);
        var token = await db.AccountTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash && purposes.Contains(t.Purpose), ct);
        if (token is null || token.UsedAt is not null || token.ExpiresAt <= now || Emails.Normalize(token.Email) != Emails.Normalize(email)) return null;
        var used = await db.AccountTokens.Where(t => t.Id == token.Id && t.UsedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct);
        return used == 1 ? token : null;
    }

    /// <summary>Voids the account's outstanding tokens of a purpose (a newer one was sent, or the password was just reset).</summary>
    public static Task<int> VoidAsync(EngineRoomDb db, Guid accountId, string purpose, DateTimeOffset now, CancellationToken ct) =>
        db.AccountTokens.Where(t => t.AccountId == accountId && t.Purpose == purpose && t.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct);

    private static byte[] Hash(string secret) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret));
}

internal sealed class AccountTokenConfiguration : IEntityTypeConfiguration<AccountToken>
{
    public void Configure(EntityTypeBuilder<AccountToken> token)
    {
        token.ToTable("customers_account_tokens");
        token.HasKey(t => t.Id);
        token.Property(t => t.Purpose).HasMaxLength(20);
        token.Property(t => t.TokenHash).HasMaxLength(32);
        token.HasIndex(t => t.TokenHash).IsUnique();
        token.Property(t => t.Email).HasMaxLength(254);
        token.HasIndex(t => new { t.AccountId, t.Purpose });
        token.HasOne<Account>().WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
