using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Analytics;

/// <summary>Sales by minute, hour or day over a range, one currency: a point for every bucket (zero where nothing sold) and the totals.</summary>
internal static class GetSalesSummary
{
    public sealed record Response(string Currency, string Interval, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<SalesPoint> Points, SalesTotals Totals);

    public static RouteHandlerBuilder MapGetSalesSummary(this RouteGroupBuilder analytics) =>
        analytics.MapGet("/summary", Handle).WithName(nameof(GetSalesSummary));

    private static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(string? from, string? to, string? interval, string? currency,
        EngineRoomDb db, TimeProvider clock, IOptions<StoreOptions> store, CancellationToken ct)
    {
        if (AnalyticsInput.Range(from, to, interval, clock.GetUtcNow(), out var range) is { } badRange) return badRange;
        if (AnalyticsInput.Currency(currency, store.Value.Currency, out var code) is { } badCurrency) return badCurrency;

        var rows = await ReadAsync(db, code, range, ct);
        var byStart = rows.ToDictionary(r => r.Start);
        var points = new List<SalesPoint>();
        for (var start = range.From; start < range.To; start = AnalyticsInput.Next(start, range.Grain))
            points.Add(SalesPoint.From(start, byStart.GetValueOrDefault(start)));
        return TypedResults.Ok(new Response(code, range.Grain.ToString().ToLowerInvariant(), range.From, range.To, points, SalesTotals.From(rows)));
    }

    /// <summary>The range's rows, by the primary key (currency, grain, start): one index range scan.</summary>
    public static Task<List<SalesRollup>> ReadAsync(EngineRoomDb db, string currency, Range range, CancellationToken ct) =>
        db.SalesRollups.AsNoTracking()
            .Where(s => s.Currency == currency && s.Grain == range.Grain && s.Start >= range.From && s.Start < range.To)
            .OrderBy(s => s.Start).ToListAsync(ct);
}
