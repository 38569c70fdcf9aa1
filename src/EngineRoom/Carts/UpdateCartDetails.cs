using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Customers;
using EngineRoom.Data;
using EngineRoom.Pricing;

namespace EngineRoom.Carts;

/// <summary>Sets the cart's email, shipping address and shipping method; fields left out stay as they are.</summary>
internal static class UpdateCartDetails
{
    public sealed record Request([PlainEmail, MaxLength(254)] string? Email, Address? ShippingAddress, [MaxLength(64)] string? ShippingMethod);

    public static RouteHandlerBuilder MapUpdateCartDetails(this RouteGroupBuilder carts) =>
        carts.MapPatch("/{cartId}", Handle).WithName(nameof(UpdateCartDetails))
            .WithSummary("Set a cart's email, shipping address and shipping method");

    private static async Task<Results<Ok<CartDto>, NotFound, ProblemHttpResult>> Handle(
        string cartId, Request request, ClaimsPrincipal user, EngineRoomDb db, CartPricer pricer, TimeProvider clock, CancellationToken ct)
    {
        ProblemHttpResult? refusal = null;
        var cart = await CartAccess.ChangeAsync(db, cartId, user, async cart =>
        {
            if (request.ShippingMethod is { } method && !await CartRules.ShippingOfferedAsync(db, method, cart.Currency, ct))
                refusal = Problems.Create(StatusCodes.Status422UnprocessableEntity, "shipping_method_invalid",
                    $"Shipping method '{method}' is not offered in {cart.Currency}.");
            else cart.SetDetails(request.Email, request.ShippingAddress, request.ShippingMethod, clock.GetUtcNow());
        }, ct);
        if (cart is null) return TypedResults.NotFound();
        if (refusal is not null) return refusal;
        return TypedResults.Ok(await pricer.ToDtoAsync(cart, ct));
    }
}
