using System.Security.Cryptography;
using System.Text;

namespace EngineRoom.Orders;

/// <summary>
/// The token in a guest's order link (the confirmation email and the other order mail). Checkout shows a guest a random
/// token once and keeps only its hash, and the order.placed event carries no token, so mail sent later from the outbox
/// cannot hold that one. The link token is instead derived: <c>ol_</c> and the HMAC-SHA256 of the order id under a key
/// derived from <c>Auth:SigningKey</c> (HKDF, its own purpose). Nothing is stored; it opens only that guest order,
/// alongside the checkout token, and stops working when the signing key is rotated (docs/decisions/0014).
/// </summary>
public sealed class GuestOrderLinks(byte[] signingKey)
{
    private const string Prefix = "ol_";
    private readonly byte[] _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, signingKey, 32, info: "EngineRoom guest order links v1"u8.ToArray());

    public string TokenFor(Guid orderId) => Prefix + System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(_key, orderId.ToByteArray()));

    public bool Opens(Guid orderId, string token) =>
        token.StartsWith(Prefix, StringComparison.Ordinal) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(TokenFor(orderId)));
}
