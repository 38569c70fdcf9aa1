using System.Security.Claims;
using EngineRoom.Data;

namespace EngineRoom.Carts;

internal static class RemoveCartItem
{
    public static RouteHandlerBuilder MapRemoveCartItem(this RouteGroupBuilder carts) =>
        carts.MapDelete("/{cartId}/items/{sku}", Handle).WithName(nameof(RemoveCartItem))
            .WithSummary("Remove a line from a cart");

    // The cart; then, in one round trip, the removal and the reads that price what is left (docs/decisions/0020).
    internal static async Task<Results<Ok<CartDto>, NotFound>> Handle(
        string cartId, string sku, ClaimsPrincipal user, EngineRoomDb db, CartPricer pricer, TimeProvider clock, CancellationToken ct)
    {
        var cart = await CartAccess.FindAsync(db, cartId, user, ct);
        if (cart is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        cart.SetQuantity(sku, 0, now); // a closed cart: a broken rule, answered 409

        var batch = new SqlBatch(db);
        var removal = CartRows.RemoveLine(batch, cart.Id, sku, now);
        var pricing = pricer.Read(batch, cart);
        await batch.ExecuteAsync(ct);
        if (removal.RowsAffected == 0) throw Cart.Closed(); // checked out or merged since it was read
        return TypedResults.Ok(CartPricer.ToDto(cart, pricing));
    }
}
