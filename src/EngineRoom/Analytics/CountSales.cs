using EngineRoom.Common.Outbox;
using EngineRoom.Data;
using EngineRoom.Events;
using EngineRoom.Orders;

namespace EngineRoom.Analytics;

/// <summary>
/// The outbox's analytics consumer (docs/decisions/0016): order.placed, order.refunded and order.cancelled become
/// additions to the rollups, a claimed batch at a time: one read of its orders, then one transaction that inserts the
/// messages' ids and adds the figures of those it inserted. The outbox delivers at least once, so an id already there
/// (a redelivered message) inserts nothing and adds nothing.
/// </summary>
internal sealed class CountSales(EngineRoomDb db, TimeProvider clock) : IOutboxBatchHandler
{
    public Task HandleAsync(OutboxMessage message, CancellationToken ct) => HandleBatchAsync([message], ct);

    public async Task HandleBatchAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct)
    {
        var events = messages.DistinctBy(m => m.Id).Where(m => m.Type is "order.placed" or "order.refunded" or "order.cancelled")
            .Select(m => (m.Id, Event: (object)IntegrationEvents.Read(m))).ToList();
        if (events.Count == 0) return;
        var orderIds = events.Select(e => e.Event switch
        {
            OrderPlaced placed => placed.OrderId,
            OrderCancelled { Voided: true } voided => voided.OrderId,
            _ => (Guid?)null,
        }).OfType<Guid>().Distinct().ToList();
        var orders = orderIds.Count == 0 ? [] : (await OrderFacts.FindAsync(db, orderIds, ct)).ToDictionary(o => o.Id);

        var now = clock.GetUtcNow();
        await db.InTransactionAsync(async () =>
        {
            var claim = new SqlBatch(db);
            var markers = claim.Add($"""
                INSERT INTO analytics_counted_messages ("MessageId", "CountedAt") VALUES {SqlBatch.Rows(events.Count, 2)}
                ON CONFLICT ("MessageId") DO NOTHING RETURNING "MessageId"
                """, events.SelectMany(e => new object?[] { e.Id, now }).ToArray());
            await claim.ExecuteAsync(ct);
            var fresh = markers.Rows.Select(row => SqlValues.Guid(row[0])!.Value).ToHashSet();
            if (fresh.Count == 0) return false;

            var tally = new Tally();
            var batch = new SqlBatch(db);
            foreach (var (id, @event) in events)
                if (fresh.Contains(id)) Count(@event, orders, tally, batch);
            RollupWriter.Add(batch, tally);
            RollupWriter.Bump(batch);
            await batch.ExecuteAsync(ct);
            return true;
        }, rollback: counted => !counted, ct);
    }

    private static void Count(object @event, Dictionary<Guid, PlacedOrder> orders, Tally tally, SqlBatch batch)
    {
        switch (@event)
        {
            case OrderPlaced placed when orders.TryGetValue(placed.OrderId, out var order):
                tally.AddOrder(order);
                AddCustomer(batch, Tally.CustomerKey(order), order.Id, order.PlacedAt);
                break;
            case OrderRefunded refunded:
                tally.AddRefund(refunded.Amount.Currency, refunded.Amount.Amount, refunded.RefundedAt);
                break;
            case OrderCancelled cancelled:
                if (cancelled.Refunded.Amount > 0) tally.AddRefund(cancelled.Refunded.Currency, cancelled.Refunded.Amount, cancelled.CancelledAt);
                if (cancelled.Voided && orders.TryGetValue(cancelled.OrderId, out var voided))
                    tally.AddRefund(voided.Currency, voided.Total, cancelled.CancelledAt);
                break;
        }
    }

    /// <summary>The customer's first order is remembered; this order is a new customer's if it is that first order.</summary>
    private static void AddCustomer(SqlBatch batch, string key, Guid orderId, DateTimeOffset placedAt)
    {
        batch.Add("""
            INSERT INTO analytics_customer_first_orders ("CustomerKey", "OrderId") VALUES ({0}, {1}) ON CONFLICT ("CustomerKey") DO NOTHING
            """, key, orderId);
        batch.Add($"""
            INSERT INTO analytics_funnel ("Start", "Metric", "Count")
            VALUES ({"{0}"}, CASE WHEN EXISTS (SELECT 1 FROM analytics_customer_first_orders WHERE "CustomerKey" = {"{1}"} AND "OrderId" = {"{2}"})
                THEN '{Funnel.NewCustomers}' ELSE '{Funnel.ReturningCustomers}' END, 1)
            ON CONFLICT ("Start", "Metric") DO UPDATE SET "Count" = analytics_funnel."Count" + excluded."Count"
            """, Tally.Truncate(placedAt, Grain.Hour), key, orderId);
    }
}
