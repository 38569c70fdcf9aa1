using EngineRoom.Common.Outbox;
using EngineRoom.Data;
using EngineRoom.Events;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Inventory;

/// <summary>
/// Writes an <c>inventory.low</c> event, in the transaction of the change, when a SKU's available stock (on hand minus
/// reserved, over all its locations) falls to or below its threshold. Once per crossing: the event goes with the one
/// conditional UPDATE that sets <see cref="InventoryItem.LowStockAlerted"/>, so of two concurrent sales only the one
/// that flips it writes the event (comparing "before" and "after" figures could not tell: each sale sees the other's
/// reservation). A restock (adjustment, count or return) that leaves stock above the threshold clears the flag again.
/// A released reservation is not a restock and re-arms nothing, so an abandoned checkout near the threshold does
/// not make the alert flap.
/// </summary>
public static class LowStock
{
    /// <summary>Call after the change, inside its transaction; the event is saved by the caller's SaveChanges.</summary>
    /// <param name="rearm">False when the change can only lower stock (a sale): items already alerted are then skipped.</param>
    public static async Task CheckAsync(EngineRoomDb db, IReadOnlyCollection<string> skus, DateTimeOffset now, CancellationToken ct,
        bool rearm = true)
    {
        if (skus.Count == 0) return;
        var items = await db.InventoryItems.AsNoTracking()
            .Where(i => skus.Contains(i.Sku) && i.LowStockThreshold != null && (rearm || !i.LowStockAlerted))
            .OrderBy(i => i.Sku) // one order everywhere: concurrent changes of two SKUs cannot deadlock on the flags
            .Select(i => new
            {
                i.Sku, Threshold = i.LowStockThreshold!.Value, i.LowStockAlerted,
                Available = db.StockLevels.Where(l => l.Sku == i.Sku).Sum(l => l.OnHand - l.Reserved),
            })
            .ToListAsync(ct);
        foreach (var item in items)
        {
            var low = item.Available <= item.Threshold;
            if (low == item.LowStockAlerted) continue;
            var flipped = await db.InventoryItems.Where(i => i.Sku == item.Sku && i.LowStockAlerted != low)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.LowStockAlerted, low), ct) == 1;
            if (flipped && low)
                db.OutboxMessages.Add(OutboxMessage.Create(new InventoryLow(item.Sku, item.Available, item.Threshold, now), now));
        }
    }

    /// <summary>
    /// After the threshold changed: a new threshold is no crossing, so stock already at or below it counts as alerted
    /// (the event comes after a restock above it and a new fall), and stock above it is armed.
    /// </summary>
    public static Task ResetAsync(EngineRoomDb db, string sku, CancellationToken ct) =>
        db.InventoryItems.Where(i => i.Sku == sku).ExecuteUpdateAsync(s => s.SetProperty(i => i.LowStockAlerted, i =>
            i.LowStockThreshold != null && db.StockLevels.Where(l => l.Sku == sku).Sum(l => l.OnHand - l.Reserved) <= i.LowStockThreshold), ct);
}
