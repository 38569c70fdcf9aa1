using EngineRoom.Data;
using Microsoft.IdentityModel.Tokens;

namespace EngineRoom.Customers.Tokens;

/// <summary>Settings under <c>Auth</c>. The signing key has no built-in default: see <see cref="LoadSigningKey"/>.</summary>
public sealed class AuthOptions
{
    public string Issuer { get; set; } = "engineroom";
    public string Audience { get; set; } = "engineroom";
    public int AccessTokenMinutes { get; set; } = 15;
    public int RefreshTokenDays { get; set; } = 30;
    /// <summary>Base64, at least 32 bytes. Required unless the embedded SQLite default generates one in the data folder.</summary>
    public string? SigningKey { get; set; }
    public int LockoutFailures { get; set; } = 5;
    public int LockoutMinutes { get; set; } = 15;
    /// <summary>Requests per minute per client address on /auth (register, token, refresh).</summary>
    public int RequestsPerMinute { get; set; } = 60;
    /// <summary>How often each instance reads the sessions ended and accounts changed elsewhere (docs/decisions/0008).</summary>
    public int RevocationPollMilliseconds { get; set; } = 1000;
    /// <summary>Bearer tokens are refused (503) when the revocation cache could not be refreshed for this long.</summary>
    public int RevocationMaxStaleMilliseconds { get; set; } = 5000;

    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static SymmetricSecurityKey LoadSigningKey(IConfiguration config, IHostEnvironment env)
    {
        var configured = config["Auth:SigningKey"];
        if (!string.IsNullOrWhiteSpace(configured)) return FromBase64(configured, "Auth:SigningKey");

        if (DatabaseSetup.ReadProvider(config) != DatabaseProvider.Sqlite)
            throw new InvalidOperationException(
                "Auth:SigningKey is not set. Production (PostgreSQL) installs must provide it, e.g. Auth__SigningKey=$(openssl rand -base64 48).");

        // Embedded default: generate once, keep it next to the database so tokens survive restarts.
        var path = Path.Combine(DatabaseSetup.DataDirectory(config, env), "signing.key");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return FromBase64(File.ReadAllText(path).Trim(), path);
    }

    private static SymmetricSecurityKey FromBase64(string value, string source)
    {
        byte[] bytes;
        try { bytes = Convert.FromBase64String(value); }
        catch (FormatException) { throw new InvalidOperationException($"{source} must be base64."); }
        if (bytes.Length < 32) throw new InvalidOperationException($"{source} must decode to at least 32 bytes.");
        return new SymmetricSecurityKey(bytes);
    }
}
