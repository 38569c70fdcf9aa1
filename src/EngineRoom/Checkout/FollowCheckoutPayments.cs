using EngineRoom.Data;
using EngineRoom.Payments;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Checkout;

/// <summary>
/// Provider events about a payment no order has recorded yet: if a checkout waits on the customer for it, it is
/// completed or ended here, in the webhook's transaction (<see cref="AwaitedCheckouts.FollowAsync"/>). An event that
/// arrives while the checkout's own request is still between its authorization and its 202 is left to that request.
/// When the provider cannot be reached for the capture or the cancel, the event is deferred and delivered again.
/// </summary>
internal sealed class FollowCheckoutPayments(AwaitedCheckouts awaited) : IPaymentEventHandler
{
    public async Task HandleAsync(EngineRoomDb db, PaymentChange change, DateTimeOffset now, CancellationToken ct)
    {
        if (change.Payment is not null || CheckoutAttempt.FromProviderKey(change.Notice.AuthorizeKey) is not { } attemptId) return;
        var attempt = await db.CheckoutAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attemptId, ct);
        if (attempt is null || attempt.ProviderPaymentId != change.Notice.PaymentId) return;
        try { await awaited.FollowAsync(attempt, change.Notice.Current, ct); }
        catch (PaymentProviderUnavailableException e) { throw new PaymentEventDeferredException(e.Message); }
    }
}
