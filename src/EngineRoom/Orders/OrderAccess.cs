using System.Security.Claims;
using System.Security.Cryptography;
using EngineRoom.Customers;

namespace EngineRoom.Orders;

/// <summary>
/// Who may read an order on the store side: its customer, or a guest with the order's token (header Order-Token): the
/// one shown at checkout, or the one in the order mail's link (<see cref="GuestOrderLinks"/>).
/// </summary>
internal static class OrderAccess
{
    public const string TokenHeader = "Order-Token";

    public static bool Allows(Guid orderId, Guid? customerId, byte[]? guestTokenHash, ClaimsPrincipal user, HttpRequest request)
    {
        if (customerId is { } owner) return owner == user.TryGetAccountId();
        var token = request.Headers[TokenHeader].ToString();
        return guestTokenHash is { } hash && token.Length > 0 && (CryptographicOperations.FixedTimeEquals(hash, OrderTokens.Hash(token))
            || request.HttpContext.RequestServices.GetRequiredService<GuestOrderLinks>().Opens(orderId, token));
    }
}
