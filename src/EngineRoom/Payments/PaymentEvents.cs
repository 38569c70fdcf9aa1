using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Payments;

/// <summary>A dispute (chargeback) as the provider holds it now.</summary>
public sealed record ProviderDispute(string Id, string PaymentId, long Amount, string Currency, string Status, string? Reason)
{
    /// <summary>What the provider has withdrawn for it: all of it while open or once lost; nothing once won, or for an inquiry (warning_*).</summary>
    public long Withdrawn => Status == "won" || Status.StartsWith("warning_", StringComparison.Ordinal) ? 0 : Amount;
}

/// <summary>
/// What a provider's webhook told us about one of its payments, with the payment as the provider holds it now (re-read,
/// never taken from the event, whose payload may be older than an event already handled).
/// </summary>
/// <param name="AuthorizeKey">The idempotency key of the authorization that made the payment (a checkout attempt's key).</param>
public sealed record PaymentNotice(string Provider, string EventId, string EventType, string PaymentId, string? AuthorizeKey,
    PaymentResult Current, ProviderDispute? Dispute);

/// <summary>
/// What a notice changed on our record. <see cref="Payment"/> is null when we hold no payment with that id: no order has
/// recorded it (yet), as when a checkout waits on the customer (<see cref="PaymentState.RequiresAction"/>) or the event
/// arrived before the call that caused it returned.
/// </summary>
public sealed record PaymentChange(PaymentNotice Notice, Payment? Payment, PaymentFigures? Before, PaymentFigures? After)
{
    public bool Changed => Payment is not null && Before != After;
}

/// <summary>
/// Hears of every provider notice, inside the transaction that records it (the event id's row, our payment's new figures),
/// so its own changes commit with them or not at all. Registered by the modules that care: Orders follows the money on its
/// orders; a checkout waiting on the customer completes or releases its attempt. Throw
/// <see cref="PaymentEventDeferredException"/> to roll everything back and have the provider deliver the event again later.
/// </summary>
public interface IPaymentEventHandler
{
    Task HandleAsync(EngineRoomDb db, PaymentChange change, DateTimeOffset now, CancellationToken ct);
}

/// <summary>Not now (an action holds the order): nothing is kept, and the provider's retry brings the event back.</summary>
public sealed class PaymentEventDeferredException(string message) : Exception(message);

public enum NoticeOutcome { Applied, NoChange, NoPayment, Duplicate }

/// <summary>Records a provider notice once per event id and lets the handlers act on it, in one transaction.</summary>
public static class ProviderEvents
{
    public static async Task<NoticeOutcome> ApplyAsync(EngineRoomDb db, PaymentNotice notice, IEnumerable<IPaymentEventHandler> handlers,
        TimeProvider clock, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await db.InTransactionAsync(async () =>
                {
                    // A duplicate delivered concurrently fails on the key at commit; the rerun then finds it here.
                    if (await db.ProviderEvents.AnyAsync(e => e.Provider == notice.Provider && e.EventId == notice.EventId, ct)) return NoticeOutcome.Duplicate;
                    var now = clock.GetUtcNow();
                    var payment = await db.Payments.SingleOrDefaultAsync(p => p.Provider == notice.Provider && p.ProviderPaymentId == notice.PaymentId, ct);
                    var (before, after) = payment?.Follow(notice.Current, notice.Dispute) ?? default;
                    var change = new PaymentChange(notice, payment, before, after);
                    var outcome = payment is null ? NoticeOutcome.NoPayment : change.Changed ? NoticeOutcome.Applied : NoticeOutcome.NoChange;
                    var seen = new ProviderEvent
                    {
                        Provider = notice.Provider, EventId = notice.EventId, Type = notice.EventType, PaymentId = notice.PaymentId,
                        OrderId = payment?.OrderId, Outcome = outcome switch
                        {
                            NoticeOutcome.Applied => "applied", NoticeOutcome.NoChange => "no_change", _ => "no_payment",
                        },
                        ReceivedAt = now,
                    };
                    db.ProviderEvents.Add(seen);
                    foreach (var handler in handlers) await handler.HandleAsync(db, change, now, ct);
                    // A handler recorded the payment's order (a checkout that waited on the customer was completed by this event).
                    if (payment is null && await db.Payments.Where(p => p.Provider == notice.Provider && p.ProviderPaymentId == notice.PaymentId)
                            .Select(p => (Guid?)p.OrderId).FirstOrDefaultAsync(ct) is { } recorded)
                        (seen.OrderId, seen.Outcome, outcome) = (recorded, "applied", NoticeOutcome.Applied);
                    return outcome;
                }, rollback: o => o == NoticeOutcome.Duplicate, ct);
            }
            // Another notice moved the payment first (its Version): read it again and apply what is left, if anything.
            catch (DbUpdateConcurrencyException) when (attempt < 3) { db.ChangeTracker.Clear(); }
            catch { db.ChangeTracker.Clear(); throw; }
        }
    }
}
