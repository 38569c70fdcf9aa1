using System.Security.Cryptography;
using System.Text;
using EngineRoom.Common.Idempotency;

namespace EngineRoom.Webhooks;

/// <summary>
/// Signing secrets: <c>whsec_</c> and the base64 of 32 random bytes, shown once. The bytes are kept sealed (AES-256-GCM
/// under a key derived from <c>Auth:SigningKey</c>, the endpoint id as associated data), because HMAC needs them back to
/// sign. Signatures follow Standard Webhooks 1.0: <c>v1,</c> and the base64 HMAC-SHA256 of <c>id.timestamp.body</c>.
/// </summary>
public sealed class WebhookSecrets(byte[] signingKey)
{
    public const string Prefix = "whsec_";
    private const string Scope = "webhook-secret";
    private readonly AnswerSeal _seal = new(signingKey, "EngineRoom webhook secrets v1");

    /// <summary>A new secret: the text shown once, and the sealed bytes to store.</summary>
    public (string Shown, byte[] Sealed) Create(Guid endpointId)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        return (Prefix + Convert.ToBase64String(key), _seal.Seal(Scope, endpointId.ToString(), key));
    }

    /// <summary>The key bytes, or null when they were sealed under another <c>Auth:SigningKey</c>.</summary>
    public byte[]? Open(Guid endpointId, byte[] sealedSecret) => _seal.Open(Scope, endpointId.ToString(), sealedSecret);

    /// <summary>The <c>webhook-signature</c> value: one signature per key, space-separated.</summary>
    public static string Signature(IEnumerable<byte[]> keys, string webhookId, long timestamp, string body)
    {
        var content = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.{body}");
        return string.Join(' ', keys.Select(key => "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content))));
    }

    /// <summary>The keys that sign now: the current one, and the previous one while its overlap lasts.</summary>
    public IReadOnlyList<byte[]> SigningKeys(WebhookEndpoint endpoint, DateTimeOffset now)
    {
        var keys = new List<byte[]>(2);
        if (Open(endpoint.Id, endpoint.Secret) is { } current) keys.Add(current);
        if (endpoint.PreviousSecret is { } previous && endpoint.PreviousSecretExpiresAt > now && Open(endpoint.Id, previous) is { } old) keys.Add(old);
        return keys;
    }
}
