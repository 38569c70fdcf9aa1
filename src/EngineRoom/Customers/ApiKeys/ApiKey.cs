using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Customers.ApiKeys;

/// <summary>
/// A credential for a server-to-server caller (an ERP, a warehouse, a reporting job): <c>er_{prefix}_{secret}</c>, sent
/// as a bearer token. Only the SHA-256 of the whole key is stored, next to its visible prefix; the key itself is shown
/// once, when it is created. Revoked keys stay, so the audit trail can still name them. docs/decisions/0011.
/// </summary>
public sealed class ApiKey
{
    public const string Marker = "er_";
    private const int PrefixBytes = 6;  // 12 hex characters: tells keys apart in lists, secret scanners and logs of the caller
    private const int SecretBytes = 32; // 256 bits: the whole strength of the key
    /// <summary>er_ + 12 hex + _ + 43 base64url characters.</summary>
    public const int Length = 3 + PrefixBytes * 2 + 1 + 43;

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>The key's first characters, <c>er_</c> and 12 hex digits: not secret.</summary>
    public string Prefix { get; private set; } = "";
    public byte[] SecretHash { get; private set; } = [];
    /// <summary>Space-separated, normalized by <see cref="ApiScopes.Normalize"/>.</summary>
    public string Scopes { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public Guid? CreatedBy { get; private set; }
    public DateTimeOffset? ExpiresAt { get; private set; }
    /// <summary>Updated at most once a minute per key (<see cref="ApiKeyAuthentication"/>).</summary>
    public DateTimeOffset? LastUsedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }
    public Guid? RevokedBy { get; private set; }

    private ApiKey() { }

    /// <summary>A new key and its text, which the caller shows once and never keeps.</summary>
    public static (ApiKey Key, string Text) Create(string name, IReadOnlyList<string> scopes, DateTimeOffset? expiresAt, Guid? createdBy, DateTimeOffset now)
    {
        if (scopes.Count == 0) throw new ArgumentException("A key needs at least one scope.", nameof(scopes));
        if (expiresAt <= now) throw new ArgumentOutOfRangeException(nameof(expiresAt), "A key cannot expire in the past.");
        var prefix = Marker + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PrefixBytes));
        var text = $"{prefix}_{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes))}";
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(now), Name = name.Trim(), Prefix = prefix, SecretHash = Hash(text), Scopes = string.Join(' ', scopes),
            CreatedAt = now, CreatedBy = createdBy, ExpiresAt = expiresAt?.ToUniversalTime(),
        };
        return (key, text);
    }

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// SHA-256, not a password hash: the key carries 256 random bits, so no guess can be tested against a stolen hash
    /// in any number of years, and a per-request lookup by hash needs a hash that is fast and unsalted.
    /// </summary>
    public static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    /// <summary>The shape of a key (<c>er_</c>, 12 hex digits, <c>_</c>, 43 base64url characters), before any database read.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> text) =>
        text.Length == Length && text.StartsWith(Marker, StringComparison.Ordinal) && text[15] == '_'
        && !text[3..15].ContainsAnyExcept("0123456789abcdef") && Base64Url.IsValid(text[16..]);
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> key)
    {
        key.ToTable("customers_api_keys");
        key.HasKey(k => k.Id);
        key.Property(k => k.Name).HasMaxLength(100);
        key.Property(k => k.Prefix).HasMaxLength(20);
        key.Property(k => k.SecretHash).HasMaxLength(32);
        key.Property(k => k.Scopes).HasMaxLength(400);
        key.HasIndex(k => k.SecretHash).IsUnique(); // every request with a key is one read of this index
    }
}
