using EngineRoom.Common.Outbox;
using EngineRoom.Data;
using EngineRoom.Events;
using EngineRoom.Orders;

namespace EngineRoom.Analytics;

/// <summary>
/// The outbox's analytics consumer (docs/decisions/0016): order.placed, order.refunded and order.cancelled become
/// additions to the rollups. The outbox delivers at least once, so the message's id is inserted with the additions in
/// one transaction: a redelivered message finds its id there and the whole batch rolls back, adding nothing.
/// </summary>
internal sealed class CountSales(EngineRoomDb db, TimeProvider clock) : IOutboxHandler
{
    public async Task HandleAsync(OutboxMessage message, CancellationToken ct)
    {
        if (message.Type is not ("order.placed" or "order.refunded" or "order.cancelled")) return;
        var tally = new Tally();
        string? customerKey = null;
        Guid? orderId = null;
        DateTimeOffset? placedAt = null;
        switch (IntegrationEvents.Read(message))
        {
            case OrderPlaced placed:
                if ((await OrderFacts.FindAsync(db, [placed.OrderId], ct)).SingleOrDefault() is not { } order) return;
                tally.AddOrder(order);
                (customerKey, orderId, placedAt) = (Tally.CustomerKey(order), order.Id, order.PlacedAt);
                break;
            case OrderRefunded refunded:
                tally.AddRefund(refunded.Amount.Currency, refunded.Amount.Amount, refunded.RefundedAt);
                break;
            case OrderCancelled cancelled:
                if (cancelled.Refunded.Amount > 0) tally.AddRefund(cancelled.Refunded.Currency, cancelled.Refunded.Amount, cancelled.CancelledAt);
                if (cancelled.Voided && (await OrderFacts.FindAsync(db, [cancelled.OrderId], ct)).SingleOrDefault() is { } voided)
                    tally.AddRefund(voided.Currency, voided.Total, cancelled.CancelledAt);
                break;
        }

        await db.InTransactionAsync(async () =>
        {
            var batch = new SqlBatch(db);
            var marker = batch.Add("""
                INSERT INTO analytics_counted_messages ("MessageId", "CountedAt") VALUES ({0}, {1}) ON CONFLICT ("MessageId") DO NOTHING
                """, message.Id, clock.GetUtcNow());
            RollupWriter.Add(batch, tally);
            if (customerKey is not null) AddCustomer(batch, customerKey, orderId!.Value, placedAt!.Value);
            RollupWriter.Bump(batch);
            await batch.ExecuteAsync(ct);
            return marker.RowsAffected == 1;
        }, rollback: counted => !counted, ct);
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
