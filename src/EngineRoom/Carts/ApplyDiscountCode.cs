using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Data;
using EngineRoom.Pricing;

namespace EngineRoom.Carts;

internal static class ApplyDiscountCode
{
    public sealed record Request([Required, MaxLength(64)] string Code);

    public static RouteHandlerBuilder MapApplyDiscountCode(this RouteGroupBuilder carts) =>
        carts.MapPost("/{cartId}/discount-codes", Handle).WithName(nameof(ApplyDiscountCode))
            .WithSummary("Apply a discount code to a cart");

    // An unknown cart is 404 before any code is judged, so codes cannot be tried without a cart (and every try is
    // rate limited per cart and per client: CartsModule). An unknown, inactive or out-of-window code is refused here;
    // one whose minimum the cart does not meet yet is kept and shown under skippedDiscounts, so the storefront can
    // say what is missing.
    private static async Task<Results<Ok<CartDto>, NotFound, ProblemHttpResult>> Handle(
        string cartId, Request request, ClaimsPrincipal user, EngineRoomDb db, CartPricer pricer, TimeProvider clock, CancellationToken ct)
    {
        if (!await CartAccess.ExistsAsync(db, cartId, user, ct)) return TypedResults.NotFound();
        var judged = await CartRules.JudgeCodeAsync(db, request.Code, clock.GetUtcNow(), ct);
        if (judged.Refusal is { } reason)
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "discount_invalid", $"Discount code '{judged.Code}' cannot be used: {reason.Replace('_', ' ')}.",
                new Dictionary<string, object?> { ["discountCode"] = judged.Code, ["reason"] = reason });

        var cart = await CartAccess.ChangeAsync(db, cartId, user, async cart =>
            cart.ApplyCode(judged.Code, judged.Combinable && await CartRules.AllCombinableAsync(db, cart.DiscountCodes, ct), clock.GetUtcNow()), ct);
        return cart is null ? TypedResults.NotFound() : TypedResults.Ok(await pricer.ToDtoAsync(cart, ct));
    }
}
