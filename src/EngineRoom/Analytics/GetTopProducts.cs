using EngineRoom.Catalog;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Analytics;

/// <summary>The best-selling SKUs over a range (whole hours), by revenue (what their lines were paid) or by units.</summary>
internal static class GetTopProducts
{
    public sealed record Item(long ProductId, long? VariantId, string Sku, string Name, long Revenue, long Units);

    public sealed record Response(string Currency, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<Item> Items);

    public static RouteHandlerBuilder MapGetTopProducts(this RouteGroupBuilder analytics) =>
        analytics.MapGet("/top-products", Handle).WithName(nameof(GetTopProducts));

    private static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(string? from, string? to, string? by, int? limit, string? currency,
        EngineRoomDb db, TimeProvider clock, IOptions<StoreOptions> store, CancellationToken ct)
    {
        if (AnalyticsInput.Range(from, to, "hour", clock.GetUtcNow(), out var range) is { } badRange) return badRange;
        if (AnalyticsInput.Currency(currency, store.Value.Currency, out var code) is { } badCurrency) return badCurrency;
        if (by is not (null or "revenue" or "units")) return Problems.Validation("by", "'by' must be revenue or units.");
        if (limit is < 1 or > 100) return Problems.Validation("limit", "'limit' must be between 1 and 100.");

        var sold = db.ProductRollups.AsNoTracking().Where(p => p.Currency == code && p.Start >= range.From && p.Start < range.To)
            .GroupBy(p => p.Sku)
            .Select(g => new { Sku = g.Key, ProductId = g.Max(p => p.ProductId), Name = g.Max(p => p.Name), Revenue = g.Sum(p => p.Revenue), Units = g.Sum(p => p.Units) });
        var ranked = by == "units" ? sold.OrderByDescending(s => s.Units).ThenByDescending(s => s.Revenue) : sold.OrderByDescending(s => s.Revenue).ThenByDescending(s => s.Units);
        var top = await ranked.ThenBy(s => s.Sku).Take(limit ?? 10).ToListAsync(ct);
        var variants = await CatalogVariants.LookupAsync(db, top.Select(t => t.Sku).ToList(), ct);
        var items = top.Select(t => new Item(t.ProductId, variants.GetValueOrDefault(t.Sku)?.VariantId, t.Sku, t.Name ?? t.Sku, t.Revenue, t.Units)).ToList();
        return TypedResults.Ok(new Response(code, range.From, range.To, items));
    }
}
