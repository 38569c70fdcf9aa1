using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Data;
using EngineRoom.Orders;
using EngineRoom.Payments;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Checkout;

/// <summary>
/// The storefront says the customer finished the payment's action (Stripe.js <c>handleNextAction</c> returned). The
/// payment is read from the provider, never taken from the client: 201 with the order when this call recorded it, 200
/// when it was recorded already (by the provider's webhook, or an earlier call), 202 while the payment still waits on
/// the customer, or the refusal it ended with (402 <c>payment_declined</c>, 409 <c>checkout_expired</c>). Safe to repeat.
/// </summary>
internal static class CompleteCheckout
{
    public static RouteHandlerBuilder MapCompleteCheckout(this RouteGroupBuilder store) =>
        store.MapPost("/checkouts/{checkoutId:guid}/complete", Handle).WithName(nameof(CompleteCheckout))
            .WithSummary("Completes a checkout that waited on the customer (3-D Secure), from the provider's own state")
            .WithAbuseLimit(new("checkout-complete", l => l.BuyNowPerMinute));

    private static async Task<Results<Created<OrderDto>, Ok<OrderDto>, Accepted<CheckoutActionDto>, NotFound, ProblemHttpResult>> Handle(
        Guid checkoutId, ClaimsPrincipal user, HttpRequest request, EngineRoomDb db, AwaitedCheckouts awaited, CancellationToken ct)
    {
        var attempt = await db.CheckoutAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == checkoutId, ct);
        if (attempt is null || !CheckoutAccess.Allows(attempt, user, request)) return TypedResults.NotFound();

        PlaceOrderOutcome outcome;
        try { outcome = await awaited.CompleteAsync(attempt, ct); }
        catch (PaymentProviderUnavailableException)
        {
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "payment_provider_unavailable",
                "The payment provider could not be asked about this payment. Nothing was charged twice; try again in a moment.");
        }
        return outcome switch
        {
            PlaceOrderOutcome.Placed placed => TypedResults.Created(placed.Location, placed.Order),
            PlaceOrderOutcome.Existing existing => TypedResults.Ok(existing.Order),
            PlaceOrderOutcome.AwaitingAction awaiting => TypedResults.Accepted(awaiting.Location, awaiting.Action),
            PlaceOrderOutcome.Refused refused => refused.Problem,
            _ => throw new InvalidOperationException($"Unexpected checkout outcome {outcome}."),
        };
    }
}
