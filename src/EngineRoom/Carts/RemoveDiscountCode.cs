using System.Security.Claims;
using EngineRoom.Data;
using EngineRoom.Pricing;

namespace EngineRoom.Carts;

internal static class RemoveDiscountCode
{
    public static RouteHandlerBuilder MapRemoveDiscountCode(this RouteGroupBuilder carts) =>
        carts.MapDelete("/{cartId}/discount-codes/{code}", Handle).WithName(nameof(RemoveDiscountCode))
            .WithSummary("Remove a discount code from a cart");

    private static async Task<Results<Ok<CartDto>, NotFound>> Handle(
        string cartId, string code, ClaimsPrincipal user, EngineRoomDb db, CartPricer pricer, TimeProvider clock, CancellationToken ct)
    {
        var cart = await CartAccess.ChangeAsync(db, cartId, user, cart =>
        {
            cart.RemoveCode(Discount.NormalizeCode(code), clock.GetUtcNow());
            return Task.CompletedTask;
        }, ct);
        return cart is null ? TypedResults.NotFound() : TypedResults.Ok(await pricer.ToDtoAsync(cart, ct));
    }
}
