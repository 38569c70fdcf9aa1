using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Inventory;

public sealed record StockAtLocation(string Location, string Name, long OnHand, long Reserved, long Available);

/// <summary>One SKU's stock: totals over its locations, its settings, and each location's figures.</summary>
public sealed record InventoryDto(
    string Sku, long OnHand, long Reserved, long Available, bool AllowBackorder, int? LowStockThreshold, bool LowStock,
    IReadOnlyList<StockAtLocation> Locations)
{
    /// <summary>Null when the SKU has neither stock rows nor settings.</summary>
    public static async Task<InventoryDto?> LoadAsync(EngineRoomDb db, string sku, CancellationToken ct)
    {
        var levels = await (from l in db.StockLevels
                            join location in db.StockLocations on l.LocationId equals location.Id
                            where l.Sku == sku
                            orderby location.Code
                            select new StockAtLocation(location.Code, location.Name, l.OnHand, l.Reserved, l.OnHand - l.Reserved))
            .ToListAsync(ct);
        var item = await db.InventoryItems.AsNoTracking().SingleOrDefaultAsync(i => i.Sku == sku, ct);
        if (levels.Count == 0 && item is null) return null;

        long onHand = levels.Sum(l => l.OnHand), reserved = levels.Sum(l => l.Reserved);
        var threshold = item?.LowStockThreshold;
        return new InventoryDto(sku, onHand, reserved, onHand - reserved, item?.AllowBackorder ?? false, threshold,
            IsLow(onHand - reserved, threshold), levels);
    }

    public static bool IsLow(long available, int? threshold) => threshold is { } t && available <= t;

    /// <summary>
    /// This stock as it was before <paramref name="delta"/> was added to on hand at <paramref name="location"/>: worked
    /// back from the figures after the change, so it is exactly what the change applied to, even under concurrency.
    /// </summary>
    public InventoryDto BeforeChange(string location, long delta) => this with
    {
        OnHand = OnHand - delta,
        Available = Available - delta,
        LowStock = IsLow(Available - delta, LowStockThreshold),
        Locations = Locations.Select(l => l.Location == location ? l with { OnHand = l.OnHand - delta, Available = l.Available - delta } : l).ToList(),
    };
}

/// <summary>The answer to an adjustment or a stock count: what changed at the location and where it stands now.</summary>
public sealed record StockChangeDto(string Sku, string Location, long Delta, long OnHand, long Reserved, long Available, long MovementId)
{
    public static StockChangeDto From(string sku, string location, StockChange change) =>
        new(sku, location, change.Delta, change.OnHand, change.Reserved, change.OnHand - change.Reserved, change.MovementId!.Value);
}
