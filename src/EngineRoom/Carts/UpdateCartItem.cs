using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Data;
using EngineRoom.Inventory;

namespace EngineRoom.Carts;

/// <summary>Sets a line's quantity; 0 removes it.</summary>
internal static class UpdateCartItem
{
    public sealed record Request([Range(0, 999)] int Quantity);

    public static RouteHandlerBuilder MapUpdateCartItem(this RouteGroupBuilder carts) =>
        carts.MapPut("/{cartId}/items/{sku}", Handle).WithName(nameof(UpdateCartItem))
            .WithSummary("Set a line's quantity (0 removes it)");

    // As AddCartItem: the cart; the SKU's stock and the pricing reads; the change (docs/decisions/0020).
    internal static async Task<Results<Ok<CartDto>, NotFound, ProblemHttpResult>> Handle(
        string cartId, string sku, Request request, ClaimsPrincipal user, EngineRoomDb db, CartPricer pricer, TimeProvider clock, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var cart = await CartAccess.FindAsync(db, cartId, user, ct);
            if (cart is null) return TypedResults.NotFound();
            cart.EnsureOpen();

            var reads = new SqlBatch(db);
            var stock = request.Quantity > 0 ? InventoryQueries.CanSell(reads, sku, request.Quantity) : null;
            var pricing = pricer.Read(reads, cart, addedSku: request.Quantity > 0 ? sku : null);
            await reads.ExecuteAsync(ct);
            if (stock is not null && CartItems.Refusal(pricing, cart.Currency, sku, stock) is { } refusal) return refusal;
            var now = clock.GetUtcNow();
            cart.SetQuantity(sku, request.Quantity, now); // a full cart: a broken rule, answered 422

            var write = new SqlBatch(db);
            var removal = request.Quantity == 0 ? CartRows.RemoveLine(write, cart.Id, sku, now) : null;
            var line = request.Quantity > 0 ? CartRows.SetLine(write, cart.Id, sku, request.Quantity, add: false, now) : null;
            await write.ExecuteAsync(ct);
            if (removal is { RowsAffected: 0 }) throw Cart.Closed(); // checked out or merged since it was read
            if (line is { Quantity: null })
            {
                if (attempt < 3) continue; // the cart changed since it was read: read it again, and its rules answer
                throw CartItems.Raced();
            }
            return TypedResults.Ok(CartPricer.ToDto(cart, pricing));
        }
    }
}
