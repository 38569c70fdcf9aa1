using EngineRoom.Carts;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Analytics;

/// <summary>
/// The funnel over a range (whole hours): carts created and with items (read from the carts), checkouts started and Buy
/// Now attempts (the checkout's counters), orders, payment outcomes by decline code, new and returning customers.
/// </summary>
internal static class GetFunnel
{
    public sealed record PaymentOutcome(string Code, long Count);

    public sealed record Response(DateTimeOffset From, DateTimeOffset To, long CartsCreated, long CartsWithItems, long CheckoutsStarted, long Orders,
        long BuyNowAttempts, long BuyNowOrders, IReadOnlyList<PaymentOutcome> PaymentOutcomes, long NewCustomers, long ReturningCustomers);

    public static RouteHandlerBuilder MapGetFunnel(this RouteGroupBuilder analytics) =>
        analytics.MapGet("/funnel", Handle).WithName(nameof(GetFunnel));

    private static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(string? from, string? to, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        if (AnalyticsInput.Range(from, to, "hour", clock.GetUtcNow(), out var range) is { } badRange) return badRange;
        var counts = await db.FunnelCounts.AsNoTracking().Where(f => f.Start >= range.From && f.Start < range.To)
            .GroupBy(f => f.Metric).Select(g => new { Metric = g.Key, Count = g.Sum(f => f.Count) })
            .ToDictionaryAsync(c => c.Metric, c => c.Count, ct);
        var (created, withItems) = await CartFacts.CountAsync(db, range.From, range.To, ct);
        long Count(string metric) => counts.GetValueOrDefault(metric);
        var payments = counts.Where(c => c.Key.StartsWith(Funnel.PaymentPrefix, StringComparison.Ordinal))
            .Select(c => new PaymentOutcome(c.Key[Funnel.PaymentPrefix.Length..], c.Value)).OrderByDescending(p => p.Count).ThenBy(p => p.Code, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new Response(range.From, range.To, created, withItems, Count(Funnel.CheckoutsStarted), Count(Funnel.Orders),
            Count(Funnel.BuyNowAttempts), Count(Funnel.BuyNowOrders), payments, Count(Funnel.NewCustomers), Count(Funnel.ReturningCustomers)));
    }
}
