using System.Security.Claims;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Checkout;

/// <summary>Where a checkout stands (the Location of its 202): <c>requires_action</c>, <c>processing</c>, <c>completed</c> with the order id, or <c>failed</c>.</summary>
internal static class GetCheckout
{
    public static RouteHandlerBuilder MapGetCheckout(this RouteGroupBuilder store) =>
        store.MapGet("/checkouts/{checkoutId:guid}", Handle).WithName(nameof(GetCheckout))
            .WithSummary("Shows a checkout's state: waiting on the customer, processing, completed with its order, or failed");

    private static async Task<Results<Ok<CheckoutDto>, NotFound>> Handle(Guid checkoutId, ClaimsPrincipal user, HttpRequest request, EngineRoomDb db,
        CancellationToken ct)
    {
        var attempt = await db.CheckoutAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == checkoutId, ct);
        return attempt is not null && CheckoutAccess.Allows(attempt, user, request) ? TypedResults.Ok(CheckoutDto.From(attempt)) : TypedResults.NotFound();
    }
}
