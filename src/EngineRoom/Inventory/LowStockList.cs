using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Inventory;

/// <summary>A location's stock of a SKU whose available units (over all locations) are at or below its threshold (0 without one).</summary>
public sealed record LowStockRow(string Sku, long LocationId, long Available, int Threshold);

/// <summary>Inventory's read-only face to reporting (Analytics): stock that is low or out, lowest first.</summary>
public static class LowStockList
{
    public static async Task<List<LowStockRow>> ReadAsync(EngineRoomDb db, int take, CancellationToken ct)
    {
        var thresholds = await db.InventoryItems.AsNoTracking().Where(i => i.LowStockThreshold != null && !i.AllowBackorder)
            .ToDictionaryAsync(i => i.Sku, i => i.LowStockThreshold!.Value, ct);
        var highest = thresholds.Count == 0 ? 0 : Math.Max(0, thresholds.Values.Max());
        var backorder = db.InventoryItems.Where(i => i.AllowBackorder).Select(i => i.Sku);
        var totals = await db.StockLevels.AsNoTracking().Where(l => !backorder.Contains(l.Sku)).GroupBy(l => l.Sku)
            .Select(g => new { Sku = g.Key, Available = g.Sum(l => l.OnHand - l.Reserved) })
            .Where(t => t.Available <= highest).ToListAsync(ct);
        var low = totals.Where(t => t.Available <= thresholds.GetValueOrDefault(t.Sku)).OrderBy(t => t.Available).ThenBy(t => t.Sku, StringComparer.Ordinal)
            .Take(take).Select(t => t.Sku).ToList();
        var levels = await db.StockLevels.AsNoTracking().Where(l => low.Contains(l.Sku)).ToListAsync(ct);
        return levels.Select(l => new LowStockRow(l.Sku, l.LocationId, l.OnHand - l.Reserved, thresholds.GetValueOrDefault(l.Sku)))
            .OrderBy(r => low.IndexOf(r.Sku)).ThenBy(r => r.LocationId).ToList();
    }
}
