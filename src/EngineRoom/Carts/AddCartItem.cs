using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Data;
using EngineRoom.Inventory;
using EngineRoom.Pricing;

namespace EngineRoom.Carts;

internal static class AddCartItem
{
    public sealed record Request([Required, MaxLength(64)] string Sku, [Range(1, 999)] int Quantity);

    public static RouteHandlerBuilder MapAddCartItem(this RouteGroupBuilder carts) =>
        carts.MapPost("/{cartId}/items", Handle).WithName(nameof(AddCartItem))
            .WithSummary("Add a SKU to a cart")
            .WithDescription("Adds to the line's quantity if the SKU is already there. The answer is the whole cart with totals " +
                "computed by the server.");

    // Three round trips, no explicit transaction (docs/decisions/0020): the cart; the SKU's stock and everything that
    // prices the cart with it; the change, which a concurrent change of the same cart can only delay, not undo.
    internal static async Task<Results<Ok<CartDto>, NotFound, ProblemHttpResult>> Handle(
        string cartId, Request request, ClaimsPrincipal user, EngineRoomDb db, CartPricer pricer, TimeProvider clock, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var cart = await CartAccess.FindAsync(db, cartId, user, ct);
            if (cart is null) return TypedResults.NotFound();
            cart.EnsureOpen();

            var reads = new SqlBatch(db);
            var stock = InventoryQueries.CanSell(reads, request.Sku, cart.QuantityOf(request.Sku) + request.Quantity);
            var pricing = pricer.Read(reads, cart, addedSku: request.Sku);
            await reads.ExecuteAsync(ct);
            if (CartItems.Refusal(pricing, cart.Currency, request.Sku, stock) is { } refusal) return refusal;
            var now = clock.GetUtcNow();
            cart.AddItem(request.Sku, request.Quantity, now); // over 999 or a full cart: a broken rule, answered 422

            var write = new SqlBatch(db);
            var line = CartRows.SetLine(write, cart.Id, request.Sku, request.Quantity, add: true, now);
            await write.ExecuteAsync(ct);
            if (line.Quantity is not { } quantity)
            {
                if (attempt < 3) continue; // the cart changed since it was read: read it again, and its rules answer
                throw CartItems.Raced();
            }
            cart.SetQuantity(request.Sku, quantity, now); // what the line holds now, concurrent adds included
            return TypedResults.Ok(CartPricer.ToDto(cart, pricing));
        }
    }
}

internal static class CartItems
{
    /// <summary>
    /// A friendly early check: the SKU is sold, priced in the cart's currency, and in stock for the quantity. Nothing
    /// is reserved here; checkout decides for real.
    /// </summary>
    public static ProblemHttpResult? Refusal(PricingRead pricing, string currency, string sku, InventoryQueries.SaleCheck stock)
    {
        if (!pricing.Skus.TryGetValue(sku, out var found))
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "unknown_sku", $"No product is sold under SKU {sku}.");
        if (found.UnitPrice is null)
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "price_unavailable", $"SKU {sku} has no price in {currency}.");
        if (!stock.CanSell) return StockProblems.OutOfStock([sku]);
        return null;
    }

    /// <summary>The cart kept changing under three tries in a row (its rules held each time); the client may send it again.</summary>
    public static BusinessRuleException Raced() => new("cart_changed", "The cart changed while this was saved; send the request again.");
}
