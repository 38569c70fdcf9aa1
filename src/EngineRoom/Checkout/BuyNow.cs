using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Idempotency;
using EngineRoom.Customers;
using EngineRoom.Customers.Addresses;
using EngineRoom.Orders;
using EngineRoom.Payments;
using Microsoft.Extensions.Options;

namespace EngineRoom.Checkout;

/// <summary>The one-shot Buy Now: lines, contact, address, shipping and a payment token in one request, answered with the order.</summary>
internal static class BuyNow
{
    public sealed record Line([Required, MaxLength(64)] string Sku, [Range(1, 999)] int Quantity);

    public sealed record Request(
        [Required, MinLength(1), MaxLength(100), NoNullItems] IReadOnlyList<Line> Lines,
        [Required, MaxLength(100)] string PaymentToken,
        [PlainEmail, MaxLength(254)] string? Email,
        [RegularExpression("^[A-Z]{3}$")] string? Currency,
        Address? ShippingAddress,
        [MaxLength(64)] string? ShippingMethod,
        [MaxLength(5), NoNullItems] IReadOnlyList<string>? DiscountCodes,
        Guid? ShippingAddressId = null);

    public static RouteHandlerBuilder MapBuyNow(this RouteGroupBuilder store) =>
        store.MapPost("/orders", Handle).WithName(nameof(BuyNow)).WithCheckoutAdmission()
            .WithSummary("Buy Now: place and pay an order in one request")
            .WithIdempotency(c => IdempotencyResource(c.HttpContext.User, c.GetArgument<Request>(0)), claimedByHandler: true);

    /// <summary>What an Idempotency-Key is bound to besides the caller: a guest's email.</summary>
    internal static string IdempotencyResource(ClaimsPrincipal user, Request request) =>
        user.TryGetAccountId() is null ? $"guest:{(request.Email is { } e ? Emails.Normalize(e) : null)}" : "";

    internal static async Task<Results<Created<OrderDto>, Accepted<CheckoutActionDto>, ProblemHttpResult>> Handle(
        Request request, ClaimsPrincipal user, PlaceOrder placeOrder, IOptions<StoreOptions> store,
        CustomerCheckout customer, HttpContext http, CancellationToken ct)
    {
        var customerId = user.TryGetAccountId();
        var email = request.Email ?? user.Email();
        if (email is null) return Problems.Validation("email", "A guest checkout needs an email.");
        var prepared = await customer.PrepareAsync(user, request.ShippingAddressId, request.ShippingAddress, ct); // a saved address; a verified email
        if (prepared.Refusal is { } refusal) return refusal;

        var outcome = await placeOrder.ExecuteAsync(new PlaceOrderCommand(
            request.Lines.Select(l => new CheckoutLine(l.Sku, l.Quantity)).ToList(), request.Currency ?? store.Value.Currency, email, customerId,
            prepared.Address, request.ShippingMethod, request.DiscountCodes ?? [], request.PaymentToken, CartId: null,
            Idempotency.Current(http)), ct);
        return outcome.ToHttp();
    }
}
