using EngineRoom.Data;

namespace EngineRoom.Inventory;

/// <summary>What other modules may ask of Inventory, as composable queries (Catalog filters by it).</summary>
public static class InventoryQueries
{
    /// <summary>SKUs with stock available to sell somewhere (on hand beyond what is reserved).</summary>
    public static IQueryable<string> AvailableSkus(EngineRoomDb db) =>
        db.StockLevels.Where(l => l.OnHand - l.Reserved > 0).Select(l => l.Sku);
}
