using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Data;

namespace EngineRoom.Carts;

/// <summary>Sets a line's quantity; 0 removes it.</summary>
internal static class UpdateCartItem
{
    public sealed record Request([Range(0, 999)] int Quantity);

    public static RouteHandlerBuilder MapUpdateCartItem(this RouteGroupBuilder carts) =>
        carts.MapPut("/{cartId}/items/{sku}", Handle).WithName(nameof(UpdateCartItem))
            .WithSummary("Set a line's quantity (0 removes it)");

    private static async Task<Results<Ok<CartDto>, NotFound, ProblemHttpResult>> Handle(
        string cartId, string sku, Request request, ClaimsPrincipal user, EngineRoomDb db, CartPricer pricer, TimeProvider clock, CancellationToken ct)
    {
        ProblemHttpResult? refusal = null;
        var cart = await CartAccess.ChangeAsync(db, cartId, user, async cart =>
        {
            if (request.Quantity > 0) refusal = await CartItems.CheckAsync(db, cart.Currency, sku, request.Quantity, ct);
            if (refusal is null) cart.SetQuantity(sku, request.Quantity, clock.GetUtcNow());
        }, ct);
        if (cart is null) return TypedResults.NotFound();
        if (refusal is not null) return refusal;
        return TypedResults.Ok(await pricer.ToDtoAsync(cart, ct));
    }
}
