using EngineRoom.Catalog;
using EngineRoom.Data;
using EngineRoom.Inventory;

namespace EngineRoom.Analytics;

/// <summary>Stock that is low (available at or below the SKU's threshold) or out, per location, lowest first (at most 100 SKUs).</summary>
internal static class GetLowStock
{
    public sealed record Item(long? VariantId, string Sku, string? Name, long LocationId, long Available, int Threshold);

    public sealed record Response(IReadOnlyList<Item> Items);

    public static RouteHandlerBuilder MapGetLowStock(this RouteGroupBuilder analytics) =>
        analytics.MapGet("/low-stock", Handle).WithName(nameof(GetLowStock));

    private static async Task<Ok<Response>> Handle(EngineRoomDb db, CancellationToken ct)
    {
        var rows = await LowStockList.ReadAsync(db, 100, ct);
        var variants = await CatalogVariants.LookupAsync(db, rows.Select(r => r.Sku).Distinct().ToList(), ct);
        return TypedResults.Ok(new Response(rows.Select(r =>
        {
            var variant = variants.GetValueOrDefault(r.Sku);
            return new Item(variant?.VariantId, r.Sku, variant?.Name, r.LocationId, r.Available, r.Threshold);
        }).ToList()));
    }
}
