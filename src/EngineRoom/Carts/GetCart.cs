using System.Security.Claims;
using EngineRoom.Data;

namespace EngineRoom.Carts;

internal static class GetCart
{
    public static RouteHandlerBuilder MapGetCart(this RouteGroupBuilder carts) =>
        carts.MapGet("/{cartId}", Handle).WithName(nameof(GetCart))
            .WithSummary("Get a cart with its computed totals");

    private static async Task<Results<Ok<CartDto>, NotFound>> Handle(string cartId, ClaimsPrincipal user, EngineRoomDb db, CartPricer pricer, CancellationToken ct)
    {
        var cart = await CartAccess.FindAsync(db, cartId, user, ct);
        return cart is null ? TypedResults.NotFound() : TypedResults.Ok(await pricer.ToDtoAsync(cart, ct));
    }
}
