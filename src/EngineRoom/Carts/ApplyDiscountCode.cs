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
    // say what is missing. Three round trips (docs/decisions/0020): the cart with the code; whether the cart's codes
    // combine and what prices the cart with the new one; the codes saved if the cart is still the version read.
    internal static async Task<Results<Ok<CartDto>, NotFound, ProblemHttpResult>> Handle(
        string cartId, Request request, ClaimsPrincipal user, EngineRoomDb db, CartPricer pricer, TimeProvider clock, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var read = new SqlBatch(db);
            var found = CartRows.Read(read, cartId);
            var code = CartRules.ReadCode(read, request.Code);
            await read.ExecuteAsync(ct);
            var cart = CartAccess.Visible(found.Cart, user);
            if (cart is null) return TypedResults.NotFound();
            var now = clock.GetUtcNow();
            var judged = code.Judge(now);
            if (judged.Refusal is { } reason)
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, "discount_invalid", $"Discount code '{judged.Code}' cannot be used: {reason.Replace('_', ' ')}.",
                    new Dictionary<string, object?> { ["discountCode"] = judged.Code, ["reason"] = reason });
            cart.EnsureOpen();
            if (cart.DiscountCodes.Contains(judged.Code)) return TypedResults.Ok(await pricer.ToDtoAsync(cart, ct));

            var reads = new SqlBatch(db);
            var combinable = CartRules.ReadCombinable(reads, cart.DiscountCodes);
            var pricing = pricer.Read(reads, cart, addedCode: judged.Code);
            await reads.ExecuteAsync(ct);
            cart.ApplyCode(judged.Code, judged.Combinable && combinable.All, now); // another code it does not combine with: a broken rule, answered 409

            var write = new SqlBatch(db);
            var saved = CartRows.SetCodes(write, cart, now);
            await write.ExecuteAsync(ct);
            if (saved.RowsAffected == 1) return TypedResults.Ok(CartPricer.ToDto(cart, pricing));
            if (attempt == 3) throw CartItems.Raced(); // else the cart changed since it was read: read it again, and its rules answer
        }
    }
}
