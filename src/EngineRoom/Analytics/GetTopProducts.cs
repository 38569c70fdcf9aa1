using EngineRoom.Catalog;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Analytics;

/// <summary>
/// The best-selling SKUs over a range (whole hours), by revenue (what their lines were paid) or by units. The range's
/// whole days are read from the daily rollup and only the hours at its edges from the hourly one: 90 days are about 90
/// rows per SKU instead of 2,160, with the same sums.
/// </summary>
internal static class GetTopProducts
{
    public sealed record Item(long ProductId, long? VariantId, string Sku, string Name, long Revenue, long Units);

    public sealed record Response(string Currency, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<Item> Items);

    public sealed record Sold(string Sku, long ProductId, string? Name, long Revenue, long Units);

    public static RouteHandlerBuilder MapGetTopProducts(this RouteGroupBuilder analytics) =>
        analytics.MapGet("/top-products", Handle).WithName(nameof(GetTopProducts))
            .WithSummary("Top products and variants by revenue or units over a range");

    private static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(string? from, string? to, string? by, int? limit, string? currency,
        EngineRoomDb db, TimeProvider clock, IOptions<StoreOptions> store, CancellationToken ct)
    {
        if (AnalyticsInput.Range(from, to, "hour", clock.GetUtcNow(), out var range) is { } badRange) return badRange;
        if (AnalyticsInput.Currency(currency, store.Value.Currency, out var code) is { } badCurrency) return badCurrency;
        if (by is not (null or "revenue" or "units")) return Problems.Validation("by", "'by' must be revenue or units.");
        if (limit is < 1 or > 100) return Problems.Validation("limit", "'limit' must be between 1 and 100.");

        var top = await ReadAsync(db, code, range, by == "units", limit ?? 10, ct);
        var variants = await CatalogVariants.LookupAsync(db, top.Select(t => t.Sku).ToList(), ct);
        var items = top.Select(t => new Item(t.ProductId, variants.GetValueOrDefault(t.Sku)?.VariantId, t.Sku, t.Name ?? t.Sku, t.Revenue, t.Units)).ToList();
        return TypedResults.Ok(new Response(code, range.From, range.To, items));
    }

    /// <summary>Hours before the range's first whole day, its whole days, hours after its last whole day; summed per SKU.</summary>
    public static Task<List<Sold>> ReadAsync(EngineRoomDb db, string currency, Range range, bool byUnits, int limit, CancellationToken ct)
    {
        var firstDay = Tally.Truncate(range.From, Grain.Day);
        if (firstDay < range.From) firstDay = firstDay.AddDays(1);
        var lastDay = Tally.Truncate(range.To, Grain.Day);
        if (firstDay >= lastDay) (firstDay, lastDay) = (range.To, range.To); // no whole day: hours only
        var (from, to) = (range.From, range.To);

        // Three index range scans of the primary keys (currency, start, sku), each a plain range so SQLite uses the index too.
        var rows = db.ProductRollups.Where(p => p.Currency == currency && p.Start >= from && p.Start < firstDay)
            .Select(p => new { p.Sku, p.ProductId, p.Name, p.Revenue, p.Units })
            .Concat(db.DailyProductRollups.Where(p => p.Currency == currency && p.Start >= firstDay && p.Start < lastDay)
                .Select(p => new { p.Sku, p.ProductId, p.Name, p.Revenue, p.Units }))
            .Concat(db.ProductRollups.Where(p => p.Currency == currency && p.Start >= lastDay && p.Start < to)
                .Select(p => new { p.Sku, p.ProductId, p.Name, p.Revenue, p.Units }));
        var sold = rows.GroupBy(p => p.Sku)
            .Select(g => new { Sku = g.Key, ProductId = g.Max(p => p.ProductId), Name = g.Max(p => p.Name), Revenue = g.Sum(p => p.Revenue), Units = g.Sum(p => p.Units) });
        var ranked = byUnits ? sold.OrderByDescending(s => s.Units).ThenByDescending(s => s.Revenue) : sold.OrderByDescending(s => s.Revenue).ThenByDescending(s => s.Units);
        return ranked.ThenBy(s => s.Sku).Take(limit).Select(s => new Sold(s.Sku, s.ProductId, s.Name, s.Revenue, s.Units)).ToListAsync(ct);
    }
}
