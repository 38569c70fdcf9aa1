using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Catalog;
using EngineRoom.Common;
using EngineRoom.Data;
using EngineRoom.Inventory;

namespace EngineRoom.Carts;

internal static class AddCartItem
{
    public sealed record Request([Required, MaxLength(64)] string Sku, [Range(1, 999)] int Quantity);

    public static RouteHandlerBuilder MapAddCartItem(this RouteGroupBuilder carts) =>
        carts.MapPost("/{cartId}/items", Handle).WithName(nameof(AddCartItem))
            .WithSummary("Add a SKU to a cart")
            .WithDescription("Adds to the line's quantity if the SKU is already there. The answer is the whole cart with totals " +
                "computed by the server.");

    private static async Task<Results<Ok<CartDto>, NotFound, ProblemHttpResult>> Handle(
        string cartId, Request request, ClaimsPrincipal user, EngineRoomDb db, CartPricer pricer, TimeProvider clock, CancellationToken ct)
    {
        ProblemHttpResult? refusal = null;
        var cart = await CartAccess.ChangeAsync(db, cartId, user, async cart =>
        {
            var wanted = (cart.Lines.Find(l => l.Sku == request.Sku)?.Quantity ?? 0) + request.Quantity;
            refusal = await CartItems.CheckAsync(db, cart.Currency, request.Sku, wanted, ct);
            if (refusal is null) cart.AddItem(request.Sku, request.Quantity, clock.GetUtcNow());
        }, ct);
        if (cart is null) return TypedResults.NotFound();
        if (refusal is not null) return refusal;
        return TypedResults.Ok(await pricer.ToDtoAsync(cart, ct));
    }
}

internal static class CartItems
{
    /// <summary>
    /// A friendly early check: the SKU is sold, priced in the cart's currency, and in stock for the quantity. Nothing
    /// is reserved here; checkout decides for real.
    /// </summary>
    public static async Task<ProblemHttpResult?> CheckAsync(EngineRoomDb db, string currency, string sku, int quantity, CancellationToken ct)
    {
        var info = await CatalogSkus.LookupAsync(db, [sku], currency, ct);
        if (!info.TryGetValue(sku, out var found))
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "unknown_sku", $"No product is sold under SKU {sku}.");
        if (found.UnitPrice is null)
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "price_unavailable", $"SKU {sku} has no price in {currency}.");
        if (!await InventoryQueries.CanSellAsync(db, sku, quantity, ct)) return StockProblems.OutOfStock([sku]);
        return null;
    }
}
