using System.Text.Json;
using EngineRoom.Common;
using EngineRoom.Common.Outbox;
using EngineRoom.Data;
using EngineRoom.Events;
using EngineRoom.Inventory;
using EngineRoom.Ledger;
using EngineRoom.Payments;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Orders;

/// <summary>
/// An order follows what happened to its payment at the provider outside EngineRoom's own actions (a capture or refund
/// in the provider's dashboard, an authorization that expired, a dispute), as a provider webhook tells it: in the same
/// transaction, the order's state (by its own rules), its events, the ledger and the outbox. The money is always booked,
/// so the ledger keeps matching the payment; when the order's rules do not allow the move, its event says so. While a
/// staff action holds the order, the notice is deferred: that action records the outcome of its own provider call.
/// </summary>
internal sealed class FollowProviderPayments(ILogger<FollowProviderPayments> logger) : IPaymentEventHandler
{
    public async Task HandleAsync(EngineRoomDb db, PaymentChange change, DateTimeOffset now, CancellationToken ct)
    {
        if (!change.Changed) return;
        var (payment, before, after) = (change.Payment!, change.Before!, change.After!);
        // Locks the row (PostgreSQL) for this transaction, and proves no action holds it.
        if (await db.Orders.Where(o => o.Id == payment.OrderId && (o.LeaseId == null || o.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.UpdatedAt, o => o.UpdatedAt), ct) == 0)
            throw new PaymentEventDeferredException($"An action holds order {payment.OrderId}.");
        var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == payment.OrderId, ct);
        var source = $"{change.Notice.Provider} {change.Notice.EventType} ({change.Notice.EventId})";
        // The payment as it was before this notice, moved step by step, for the order's own checks.
        var was = new Payment { Authorized = before.Authorized, Captured = before.Captured, Refunded = before.Refunded, State = before.State };

        if (after.Captured > before.Captured)
        {
            var amount = after.Captured - before.Captured;
            Follow(db, order, "capture", source, new { captured = amount }, now, () => order.Capture(amount, was, now));
            Journal.Append(db, SaleEntries.PaymentCaptured(order.Id, order.Currency, amount, now));
            if (order.Status == OrderStatus.Paid)
                db.OutboxMessages.Add(OutboxMessage.Create(new OrderPaid(order.Id, order.CustomerId, new Money(order.Total, order.Currency), now), now));
            was = new Payment { Authorized = after.Authorized, Captured = after.Captured, Refunded = before.Refunded, State = PaymentState.Captured };
        }
        if (after.Refunded > before.Refunded)
        {
            var amount = after.Refunded - before.Refunded;
            long? tax = null;
            Follow(db, order, "refund", source, new { amount }, now, () => tax = order.Refund(amount, null, restock: false, was, now).Tax);
            Journal.Append(db, AfterSaleEntries.Refund(order.Id, order.Currency, amount, tax ?? AfterSaleEntries.TaxShare(amount, order.TaxTotal, order.Total),
                now, "refunded at the provider"));
            db.OutboxMessages.Add(OutboxMessage.Create(new OrderRefunded(order.Id, new Money(amount, order.Currency),
                new Money(after.Refunded, order.Currency), [], null, now), now));
        }
        if (after.State == PaymentState.Voided && before.State != PaymentState.Voided)
        {
            Cancellation? cancelled = null;
            Follow(db, order, "void", source, null, now, () => cancelled = order.Void(was, now));
            if (cancelled is { } c)
            {
                Journal.Append(db, AfterSaleEntries.Cancellation(order.Id, order.Currency, order.Subtotal, order.DiscountTotal, order.ShippingTotal,
                    order.TaxTotal, order.Total, c.Captured, c.Refund, now));
                db.OutboxMessages.Add(OutboxMessage.Create(new OrderCancelled(order.Id, new Money(c.Refund, order.Currency), c.Void, now), now));
                foreach (var (sku, quantity) in c.Restock)
                    await StockReturns.RestockAsync(db, order.Id, sku, quantity, "cancel_restock", null, now, ct);
            }
        }
        if (after.Disputed != before.Disputed || after.DisputeStatus != before.DisputeStatus)
        {
            var dispute = change.Notice.Dispute;
            if (after.Disputed > before.Disputed)
                Journal.Append(db, DisputeEntries.Opened(order.Id, order.Currency, after.Disputed - before.Disputed, dispute?.Reason, now));
            else if (after.Disputed < before.Disputed)
                Journal.Append(db, DisputeEntries.Reinstated(order.Id, order.Currency, before.Disputed - after.Disputed, now));
            Follow(db, order, before.DisputeStatus is null ? "dispute_opened" : $"dispute_{after.DisputeStatus}", source,
                new { dispute = dispute?.Id, amount = dispute?.Amount, reason = dispute?.Reason, status = after.DisputeStatus, withdrawn = after.Disputed }, now, null);
            db.OutboxMessages.Add(OutboxMessage.Create(new OrderDisputed(order.Id, dispute?.Id ?? "", after.DisputeStatus ?? "",
                new Money(dispute?.Amount ?? after.Disputed, order.Currency), new Money(after.Disputed, order.Currency), now), now));
        }
    }

    /// <summary>Moves the order by its own rule and records the event; a move its rules refuse is recorded, not applied.</summary>
    private void Follow(EngineRoomDb db, Order order, string action, string source, object? details, DateTimeOffset now, Action? move)
    {
        var from = order.Status;
        string? note = $"at the provider: {source}";
        try { move?.Invoke(); }
        catch (BusinessRuleException e)
        {
            logger.LogWarning("Order {OrderId} cannot follow the provider's {Action} ({Code}); its money is booked", order.Id, action, e.Code);
            note = $"at the provider: {source}; the order's rules refused it ({e.Code}), so only the money was booked";
        }
        db.OrderEvents.Add(new OrderEvent
        {
            OrderId = order.Id, At = now, Action = action, From = from, To = order.Status, Note = note,
            Details = details is null ? null : JsonSerializer.Serialize(details, JsonSerializerOptions.Web),
        });
    }
}
