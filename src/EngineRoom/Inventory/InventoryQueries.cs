using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Inventory;

/// <summary>What other modules may ask of Inventory, as composable queries (Catalog filters by it).</summary>
public static class InventoryQueries
{
    /// <summary>SKUs with stock available to sell somewhere (on hand beyond what is reserved).</summary>
    public static IQueryable<string> AvailableSkus(EngineRoomDb db) =>
        db.StockLevels.Where(l => l.OnHand - l.Reserved > 0).Select(l => l.Sku);

    /// <summary>
    /// Whether <paramref name="quantity"/> units could be sold now (advisory: only a reservation holds stock), as one
    /// statement of a <see cref="SqlBatch"/>; read <see cref="SaleCheck.CanSell"/> once it ran.
    /// </summary>
    public static SaleCheck CanSell(SqlBatch batch, string sku, int quantity) => new(batch.Add("""
        SELECT EXISTS (SELECT 1 FROM inventory_items WHERE "Sku" = {0} AND "AllowBackorder")
            OR COALESCE((SELECT SUM("OnHand" - "Reserved") FROM inventory_stock_levels WHERE "Sku" = {0}), 0) >= {1}
        """, sku, (long)quantity));

    public sealed class SaleCheck(SqlBatch.Statement select)
    {
        public bool CanSell => SqlValues.Bool(select.Rows[0][0]);
    }

    /// <summary>Units available to sell per SKU, summed over locations; SKUs with no stock record are absent (zero).</summary>
    public static Task<Dictionary<string, long>> AvailableBySkuAsync(EngineRoomDb db, IReadOnlyCollection<string> skus, CancellationToken ct) =>
        db.StockLevels.Where(l => skus.Contains(l.Sku) && l.OnHand - l.Reserved > 0)
            .GroupBy(l => l.Sku).Select(g => new { Sku = g.Key, Available = g.Sum(l => l.OnHand - l.Reserved) })
            .ToDictionaryAsync(x => x.Sku, x => x.Available, ct);
}
