using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Inventory;

/// <summary>What other modules may ask of Inventory, as composable queries (Catalog filters by it).</summary>
public static class InventoryQueries
{
    /// <summary>SKUs with stock available to sell somewhere (on hand beyond what is reserved).</summary>
    public static IQueryable<string> AvailableSkus(EngineRoomDb db) =>
        db.StockLevels.Where(l => l.OnHand - l.Reserved > 0).Select(l => l.Sku);

    /// <summary>Whether <paramref name="quantity"/> units could be sold now (advisory: only a reservation holds stock).</summary>
    public static async Task<bool> CanSellAsync(EngineRoomDb db, string sku, int quantity, CancellationToken ct) =>
        await db.InventoryItems.AnyAsync(i => i.Sku == sku && i.AllowBackorder, ct)
        || await db.StockLevels.Where(l => l.Sku == sku).SumAsync(l => (long?)(l.OnHand - l.Reserved), ct) >= quantity;

    /// <summary>Units available to sell per SKU, summed over locations; SKUs with no stock record are absent (zero).</summary>
    public static Task<Dictionary<string, long>> AvailableBySkuAsync(EngineRoomDb db, IReadOnlyCollection<string> skus, CancellationToken ct) =>
        db.StockLevels.Where(l => skus.Contains(l.Sku) && l.OnHand - l.Reserved > 0)
            .GroupBy(l => l.Sku).Select(g => new { Sku = g.Key, Available = g.Sum(l => l.OnHand - l.Reserved) })
            .ToDictionaryAsync(x => x.Sku, x => x.Available, ct);
}
