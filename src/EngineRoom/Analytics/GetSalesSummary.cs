using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.Extensions.Options;

namespace EngineRoom.Analytics;

/// <summary>Sales by minute, hour or day over a range, one currency: a point for every bucket (zero where nothing sold) and the totals.</summary>
internal static class GetSalesSummary
{
    public sealed record Response(string Currency, string Interval, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<SalesPoint> Points, SalesTotals Totals);

    public static RouteHandlerBuilder MapGetSalesSummary(this RouteGroupBuilder analytics) =>
        analytics.MapGet("/summary", Handle).WithName(nameof(GetSalesSummary))
            .WithSummary("Sales figures per currency over a range, by minute, hour or day, with totals");

    private static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(string? from, string? to, string? interval, string? currency,
        EngineRoomDb db, TimeProvider clock, IOptions<StoreOptions> store, CancellationToken ct)
    {
        if (AnalyticsInput.Range(from, to, interval, clock.GetUtcNow(), out var range) is { } badRange) return badRange;
        if (AnalyticsInput.Currency(currency, store.Value.Currency, out var code) is { } badCurrency) return badCurrency;
        return TypedResults.Ok(await ReadAsync(db, code, range, ct));
    }

    /// <summary>
    /// The range's rows, one range of the covering index <c>IX_analytics_sales_read</c>, read as plain SQL straight into a
    /// point per bucket: no query pipeline, no entities, no lookup (bench/README.md has the figures).
    /// </summary>
    public static async Task<Response> ReadAsync(EngineRoomDb db, string currency, Range range, CancellationToken ct)
    {
        var batch = new SqlBatch(db);
        var rows = batch.Add("""
            SELECT "Start", "GrossSales", "Refunds", "Orders", "Units", "Discounts", "Shipping", "Tax" FROM analytics_sales
            WHERE "Currency" = {0} AND "Grain" = {1} AND "Start" >= {2} AND "Start" < {3}
            """, currency, (int)range.Grain, range.From, range.To);
        await batch.ExecuteAsync(ct);

        var step = AnalyticsInput.Step(range.Grain);
        var points = new SalesPoint?[(int)((range.To - range.From) / step)];
        foreach (var r in rows.Rows)
        {
            var start = SqlValues.Time(r[0])!.Value;
            points[(int)((start - range.From) / step)] = SalesPoint.Of(start, SqlValues.Long(r[1]), SqlValues.Long(r[2]), SqlValues.Long(r[3]),
                SqlValues.Long(r[4]), SqlValues.Long(r[5]), SqlValues.Long(r[6]), SqlValues.Long(r[7]));
        }
        var filled = new SalesPoint[points.Length];
        for (var i = 0; i < points.Length; i++) filled[i] = points[i] ?? SalesPoint.Of(range.From + i * step, 0, 0, 0, 0, 0, 0, 0);
        return new Response(currency, range.Grain.ToString().ToLowerInvariant(), range.From, range.To, filled, SalesTotals.Of(filled));
    }
}
