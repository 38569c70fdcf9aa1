using System.Security.Claims;
using EngineRoom.Data;

namespace EngineRoom.Carts;

internal static class RemoveCartItem
{
    public static RouteHandlerBuilder MapRemoveCartItem(this RouteGroupBuilder carts) =>
        carts.MapDelete("/{cartId}/items/{sku}", Handle).WithName(nameof(RemoveCartItem))
            .WithSummary("Remove a line from a cart");

    private static async Task<Results<Ok<CartDto>, NotFound>> Handle(
        string cartId, string sku, ClaimsPrincipal user, EngineRoomDb db, CartPricer pricer, TimeProvider clock, CancellationToken ct)
    {
        var cart = await CartAccess.ChangeAsync(db, cartId, user, cart =>
        {
            cart.SetQuantity(sku, 0, clock.GetUtcNow());
            return Task.CompletedTask;
        }, ct);
        return cart is null ? TypedResults.NotFound() : TypedResults.Ok(await pricer.ToDtoAsync(cart, ct));
    }
}
