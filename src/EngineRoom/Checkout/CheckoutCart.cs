using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Carts;
using EngineRoom.Common;
using EngineRoom.Common.Idempotency;
using EngineRoom.Customers;
using EngineRoom.Customers.Addresses;
using EngineRoom.Data;
using EngineRoom.Orders;
using EngineRoom.Payments;

namespace EngineRoom.Checkout;

/// <summary>Turns the cart into an order with a payment token: the same <see cref="PlaceOrder"/> as Buy Now.</summary>
internal static class CheckoutCart
{
    /// <param name="ShippingAddressId">Ship to this saved address of the signed-in customer instead of the cart's.</param>
    public sealed record Request([Required, MaxLength(100)] string PaymentToken, [PlainEmail, MaxLength(254)] string? Email, Guid? ShippingAddressId = null);

    public static RouteHandlerBuilder MapCheckoutCart(this RouteGroupBuilder carts) =>
        carts.MapPost("/{cartId}/checkout", Handle).WithName(nameof(CheckoutCart)).WithCheckoutAdmission()
            .WithSummary("Check a cart out: place and pay its order")
            .WithIdempotency(c => IdempotencyResource(c.GetArgument<string>(0)), claimedByHandler: true);

    internal static string IdempotencyResource(string cartId) => $"cart:{cartId}";

    internal static async Task<Results<Created<OrderDto>, Accepted<CheckoutActionDto>, NotFound, ProblemHttpResult>> Handle(
        string cartId, Request request, ClaimsPrincipal user, EngineRoomDb db, PlaceOrder placeOrder, CustomerCheckout customer,
        HttpContext http, CancellationToken ct)
    {
        var cart = await CartAccess.FindAsync(db, cartId, user, ct);
        if (cart is null) return TypedResults.NotFound();
        if (cart.Status != CartStatus.Open) return Problems.Conflict("cart_closed", "This cart was already checked out.");
        if (cart.Lines.Count == 0) return Problems.Create(StatusCodes.Status422UnprocessableEntity, "cart_empty", "The cart has no items.");

        var customerId = cart.CustomerId ?? user.TryGetAccountId();
        var email = request.Email ?? cart.Email ?? (customerId is null ? null : user.Email());
        if (email is null) return Problems.Validation("email", "Set the cart's email (PATCH the cart) or send one with the checkout.");
        var prepared = await customer.PrepareAsync(user, request.ShippingAddressId, cart.ShippingAddress, ct); // a saved address; a verified email
        if (prepared.Refusal is { } refusal) return refusal;

        var outcome = await placeOrder.ExecuteAsync(new PlaceOrderCommand(
            cart.Lines.Select(l => new CheckoutLine(l.Sku, l.Quantity)).ToList(), cart.Currency, email, customerId, prepared.Address,
            cart.ShippingMethod, cart.DiscountCodes, request.PaymentToken, cart.Id, Idempotency.Current(http)), ct);
        var answer = outcome.ToHttp().Result;
        return answer switch { Created<OrderDto> created => created, Accepted<CheckoutActionDto> accepted => accepted, _ => (ProblemHttpResult)answer };
    }
}
