using System.Security.Cryptography;
using System.Text;

namespace EngineRoom.Common.Idempotency;

/// <summary>
/// Stored answers are sealed at rest (AES-256-GCM), because they hold what the order answer holds: a guest's order
/// token, an email, an address. A database reader (a backup, a replica, a support query) sees ciphertext. The key is
/// derived from <c>Auth:SigningKey</c> (HKDF, its own purpose), so every instance shares it with nothing new to
/// configure; the scope and key are the associated data, so an answer cannot be moved to another key. After the
/// signing key is rotated, answers stored before it cannot be opened: their keys answer 409
/// <c>idempotency_answer_unavailable</c> for the rest of their 24 hours (docs/decisions/0006). Another
/// <paramref name="purpose"/> derives another key (webhook signing secrets are sealed that way).
/// </summary>
public sealed class AnswerSeal(byte[] signingKey, string purpose = "EngineRoom idempotent answers v1")
{
    private const byte Version = 1;
    private const int NonceSize = 12, TagSize = 16;
    private readonly byte[] _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, signingKey, 32, info: System.Text.Encoding.UTF8.GetBytes(purpose));

    public byte[] Seal(string scope, string key, ReadOnlySpan<byte> answer)
    {
        var sealedAnswer = new byte[1 + NonceSize + answer.Length + TagSize];
        sealedAnswer[0] = Version;
        var nonce = sealedAnswer.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, answer, sealedAnswer.AsSpan(1 + NonceSize, answer.Length), sealedAnswer.AsSpan(1 + NonceSize + answer.Length), AssociatedData(scope, key));
        return sealedAnswer;
    }

    /// <summary>The answer, or null when it was sealed with another key (or is not a sealed answer at all).</summary>
    public byte[]? Open(string scope, string key, byte[] sealedAnswer)
    {
        if (sealedAnswer.Length == 0) return [];
        if (sealedAnswer.Length < 1 + NonceSize + TagSize || sealedAnswer[0] != Version) return null;
        var length = sealedAnswer.Length - 1 - NonceSize - TagSize;
        var answer = new byte[length];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(sealedAnswer.AsSpan(1, NonceSize), sealedAnswer.AsSpan(1 + NonceSize, length), sealedAnswer.AsSpan(1 + NonceSize + length), answer, AssociatedData(scope, key));
            return answer;
        }
        catch (AuthenticationTagMismatchException) { return null; }
    }

    private static byte[] AssociatedData(string scope, string key) => Encoding.UTF8.GetBytes($"{scope}\n{key}");
}
