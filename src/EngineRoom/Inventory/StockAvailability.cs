using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Inventory;

/// <summary>Read-only stock questions from other modules. Answers are advisory: only a reservation holds stock.</summary>
public static class StockAvailability
{
    public static async Task<bool> CanSellAsync(EngineRoomDb db, string sku, int quantity, CancellationToken ct) =>
        await db.InventoryItems.AnyAsync(i => i.Sku == sku && i.AllowBackorder, ct)
        || await db.StockLevels.Where(l => l.Sku == sku).SumAsync(l => (long?)(l.OnHand - l.Reserved), ct) >= quantity;
}
