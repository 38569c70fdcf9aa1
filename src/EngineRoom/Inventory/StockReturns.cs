using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Inventory;

/// <summary>Puts sold units back on hand (a cancellation, a refund with restock, a received return), with the order as reason.</summary>
public static class StockReturns
{
    /// <summary>Runs inside the caller's transaction; the movement is saved with the caller's SaveChanges.</summary>
    public static async Task RestockAsync(EngineRoomDb db, Guid orderId, string sku, int quantity, string reason, Guid? actorId,
        DateTimeOffset now, CancellationToken ct)
    {
        if (quantity <= 0) return;
        // Back where it was sold from.
        var location = await db.StockMovements.Where(m => m.OrderId == orderId && m.Sku == sku && m.Reason == "sale")
            .Select(m => (long?)m.LocationId).FirstOrDefaultAsync(ct) ?? StockLocation.DefaultId;
        await db.StockLevels.Where(l => l.Sku == sku && l.LocationId == location)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.OnHand, l => l.OnHand + quantity), ct);
        db.StockMovements.Add(new StockMovement
        {
            Sku = sku, LocationId = location, Delta = quantity, Reason = reason, OrderId = orderId, ActorId = actorId, At = now,
        });
        await LowStock.CheckAsync(db, [sku], now, ct); // a restock above the threshold re-arms the low-stock alert
    }
}
