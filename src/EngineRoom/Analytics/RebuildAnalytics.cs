using System.Data;
using System.Diagnostics;
using EngineRoom.Data;
using EngineRoom.Ledger;
using EngineRoom.Orders;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Analytics;

/// <summary>
/// Recomputes the sales, product and customer rollups from the orders and the ledger's refunds, through the same
/// <see cref="Tally"/> the outbox handler uses, and replaces them in one transaction. The funnel's counters (checkouts,
/// payment outcomes) have no source to recompute from and are kept. The transaction reads one snapshot (repeatable read
/// on PostgreSQL; SQLite's single writer), and marks every order event still waiting in the outbox as counted, so an
/// order is counted by the rebuild or by the handler, never both and never neither.
/// </summary>
internal static class RebuildAnalytics
{
    public sealed record Response(long Orders, long Refunds, long TookMilliseconds);

    public static RouteHandlerBuilder MapRebuildAnalytics(this RouteGroupBuilder analytics) =>
        analytics.MapPost("/rebuild", Handle).WithName(nameof(RebuildAnalytics))
            .WithSummary("Recomputes the rollups from orders and refunds (admin)");

    private static async Task<Ok<Response>> Handle(EngineRoomDb db, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await RunAsync(db, clock, ct));

    private const int PageSize = 5_000;
    private static readonly string[] OrderMetrics = [Funnel.Orders, Funnel.NewCustomers, Funnel.ReturningCustomers];

    public static async Task<Response> RunAsync(EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            try
            {
                var (tally, customers, orders, refunds) = await TallyAllAsync(db, ct);
                await db.SalesRollups.ExecuteDeleteAsync(ct);
                await db.ProductRollups.ExecuteDeleteAsync(ct);
                await db.DailyProductRollups.ExecuteDeleteAsync(ct);
                await db.FunnelCounts.Where(f => OrderMetrics.Contains(f.Metric)).ExecuteDeleteAsync(ct);
                await db.CustomerFirstOrders.ExecuteDeleteAsync(ct);
                await WriteAsync(db, tally, customers, clock.GetUtcNow(), ct);
                await tx.CommitAsync(ct);
                return new Response(orders, refunds, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (Exception e) when (attempt < 3 && (Transactions.IsTransient(e)))
            {
                await tx.RollbackAsync(CancellationToken.None); // a sale was counted meanwhile: read again
            }
        }
    }

    private static async Task<(Tally, List<(string Key, Guid OrderId)>, long Orders, long Refunds)> TallyAllAsync(EngineRoomDb db, CancellationToken ct)
    {
        var tally = new Tally();
        var firsts = new Dictionary<string, Guid>(StringComparer.Ordinal);
        long count = 0;
        for (Guid? after = null; ;)
        {
            var page = await OrderFacts.PageAsync(db, after, PageSize, ct);
            foreach (var order in page)
            {
                tally.AddOrder(order);
                tally.Count(order.PlacedAt, firsts.TryAdd(Tally.CustomerKey(order), order.Id) ? Funnel.NewCustomers : Funnel.ReturningCustomers);
                if (order.VoidedAt is { } voided) tally.AddRefund(order.Currency, order.Total, voided);
            }
            count += page.Count;
            if (page.Count < PageSize) break;
            after = page[^1].Id;
        }
        var refunds = await RefundFacts.AllAsync(db, ct);
        foreach (var refund in refunds) tally.AddRefund(refund.Currency, refund.Amount, refund.At);
        return (tally, firsts.Select(f => (f.Key, f.Value)).ToList(), count, refunds.Count);
    }

    private static async Task WriteAsync(EngineRoomDb db, Tally tally, List<(string Key, Guid OrderId)> customers, DateTimeOffset now, CancellationToken ct)
    {
        var statements = RollupWriter.Statements(tally)
            .Concat(customers.Chunk(500).Select(chunk => (
                $"""INSERT INTO analytics_customer_first_orders ("CustomerKey", "OrderId") VALUES {SqlBatch.Rows(chunk.Length, 2)}""",
                chunk.SelectMany(c => new object?[] { c.Key, c.OrderId }).ToArray())))
            // Order events not yet handed to the handler: their orders are in this tally, so the handler must skip them.
            .Append(("""
                INSERT INTO analytics_counted_messages ("MessageId", "CountedAt")
                SELECT "Id", {0} FROM common_outbox_messages WHERE "DispatchedAt" IS NULL AND "Type" IN ('order.placed', 'order.refunded', 'order.cancelled')
                ON CONFLICT ("MessageId") DO NOTHING
                """, new object?[] { now }))
            .Append((RollupWriter.BumpSql, []));
        await BulkRollups.ExecuteAsync(db, statements, ct);
    }
}

/// <summary><c>dotnet run -- analytics rebuild</c>: the rebuild, from the command line.</summary>
internal static class AnalyticsCommands
{
    public static async Task RebuildAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var done = await RebuildAnalytics.RunAsync(scope.ServiceProvider.GetRequiredService<EngineRoomDb>(),
            scope.ServiceProvider.GetRequiredService<TimeProvider>(), CancellationToken.None);
        Console.WriteLine($"Analytics rebuilt from {done.Orders} orders and {done.Refunds} refunds in {done.TookMilliseconds} ms.");
    }
}
