using System.Text.Json;
using EngineRoom.Catalog;
using EngineRoom.Common;
using EngineRoom.Common.Idempotency;
using EngineRoom.Inventory;
using EngineRoom.Pricing;

namespace EngineRoom.Checkout;

/// <summary>
/// Everything the record step needs, whichever way the payment ends: built and recorded at once by <see cref="PlaceOrder"/>,
/// or kept on an attempt waiting on the customer (sealed: it holds an email, an address and a guest's token) and recorded
/// later by <see cref="AwaitedCheckouts"/>. <paramref name="GuestToken"/> is the guest's key to the attempt and then to its order.
/// </summary>
internal sealed record CheckoutSale(
    Guid? CustomerId, string Email, string Currency, Address? ShippingAddress, string? ShippingMethod, string? CartId,
    PricedCart Cart, IReadOnlyDictionary<string, SkuInfo> Skus, IReadOnlyList<string> Watched, IReadOnlyList<StockHeld> Stock,
    string? GuestToken)
{
    public string Channel => CartId is null ? "buy_now" : "cart";

    private static string Purpose(Guid attemptId) => $"checkout-sale:{attemptId:N}";

    public byte[] Seal(AnswerSeal seal, Guid attemptId) =>
        seal.Seal(Purpose(attemptId), "", JsonSerializer.SerializeToUtf8Bytes(this, JsonSerializerOptions.Web));

    /// <summary>The sale an attempt keeps; null when it cannot be opened (the signing key changed since).</summary>
    public static CheckoutSale? Open(AnswerSeal seal, CheckoutAttempt attempt) =>
        attempt.Sale is { } bytes && seal.Open(Purpose(attempt.Id), "", bytes) is { Length: > 0 } json
            ? JsonSerializer.Deserialize<CheckoutSale>(json, JsonSerializerOptions.Web) : null;
}

public sealed record NextActionDto(string Type);

/// <summary>
/// 202 to a checkout whose payment needs the customer: hand <see cref="ClientSecret"/> to the provider's client library
/// (Stripe.js <c>handleNextAction</c>), then <c>POST /store/checkouts/{checkoutId}/complete</c>. A guest sends
/// <see cref="CheckoutToken"/> as the <c>Checkout-Token</c> header there (and later as the order's <c>Order-Token</c>).
/// </summary>
public sealed record CheckoutActionDto(string Status, Guid CheckoutId, string? ClientSecret, NextActionDto NextAction, DateTimeOffset ExpiresAt,
    string? CheckoutToken);

/// <summary>A checkout as <c>GET /store/checkouts/{checkoutId}</c> shows it: <c>processing</c>, <c>requires_action</c>, <c>completed</c> or <c>failed</c>.</summary>
public sealed record CheckoutDto(Guid CheckoutId, string Status, Guid? OrderId, string? FailureCode, DateTimeOffset? ExpiresAt)
{
    public static CheckoutDto From(CheckoutAttempt a) => new(a.Id, a.Status switch
    {
        AttemptStatus.AwaitingAction => "requires_action",
        AttemptStatus.Completed => "completed",
        AttemptStatus.Failed => "failed",
        _ => "processing",
    }, a.OrderId, a.FailureCode, a.ProviderPaymentId is null ? null : a.ExpiresAt); // the hold's end is shown for a checkout that waited on the customer
}
