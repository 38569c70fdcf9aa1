using System.Security.Claims;
using EngineRoom.Data;
using EngineRoom.Pricing;

namespace EngineRoom.Carts;

internal static class RemoveDiscountCode
{
    public static RouteHandlerBuilder MapRemoveDiscountCode(this RouteGroupBuilder carts) =>
        carts.MapDelete("/{cartId}/discount-codes/{code}", Handle).WithName(nameof(RemoveDiscountCode))
            .WithSummary("Remove a discount code from a cart");

    // The cart; then, in one round trip, its codes saved if it is still the version read and the reads that price it.
    internal static async Task<Results<Ok<CartDto>, NotFound>> Handle(
        string cartId, string code, ClaimsPrincipal user, EngineRoomDb db, CartPricer pricer, TimeProvider clock, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var cart = await CartAccess.FindAsync(db, cartId, user, ct);
            if (cart is null) return TypedResults.NotFound();
            var now = clock.GetUtcNow();
            if (!cart.RemoveCode(Discount.NormalizeCode(code), now)) return TypedResults.Ok(await pricer.ToDtoAsync(cart, ct)); // closed: 409

            var batch = new SqlBatch(db);
            var saved = CartRows.SetCodes(batch, cart, now);
            var pricing = pricer.Read(batch, cart);
            await batch.ExecuteAsync(ct);
            if (saved.RowsAffected == 1) return TypedResults.Ok(CartPricer.ToDto(cart, pricing));
            if (attempt == 3) throw CartItems.Raced(); // else the cart changed since it was read: read it again, and its rules answer
        }
    }
}
