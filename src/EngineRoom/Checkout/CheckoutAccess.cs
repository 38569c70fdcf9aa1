using System.Security.Claims;
using System.Security.Cryptography;
using EngineRoom.Customers;
using EngineRoom.Orders;

namespace EngineRoom.Checkout;

/// <summary>
/// Who may see or complete a checkout: the signed-in customer who started it, or the guest holding its token (header
/// <c>Checkout-Token</c>, from the 202; the same token later opens the order as its <c>Order-Token</c>). Anybody else: 404.
/// </summary>
internal static class CheckoutAccess
{
    public const string TokenHeader = "Checkout-Token";

    public static bool Allows(CheckoutAttempt attempt, ClaimsPrincipal user, HttpRequest request)
    {
        if (attempt.CustomerId is { } owner) return owner == user.TryGetAccountId();
        var token = request.Headers[TokenHeader].ToString();
        return attempt.AccessHash is { } hash && token.Length > 0 && CryptographicOperations.FixedTimeEquals(hash, OrderTokens.Hash(token));
    }
}
