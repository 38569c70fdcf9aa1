using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Inventory;

/// <summary>Changes on-hand stock together with its movement, in one transaction.</summary>
public static class StockAdjustments
{
    public static async Task AdjustAsync(EngineRoomDb db, string sku, long delta, string reason, string? note, Guid? actorId,
        DateTimeOffset now, CancellationToken ct, long locationId = StockLocation.DefaultId)
    {
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var updated = await db.StockLevels.Where(l => l.Sku == sku && l.LocationId == locationId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.OnHand, l => l.OnHand + delta), ct);
        if (updated == 0)
            db.StockLevels.Add(new StockLevel { Sku = sku, LocationId = locationId, OnHand = delta });
        db.StockMovements.Add(new StockMovement { Sku = sku, LocationId = locationId, Delta = delta, Reason = reason, Note = note, ActorId = actorId, At = now });
        await db.SaveChangesAsync(ct);
        if (tx is not null) await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Many adjustments at one location in one transaction (seeding, imports): each SKU's level is one atomic upsert
    /// and its movement is appended, through prepared statements rather than a SaveChanges per SKU.
    /// </summary>
    public static async Task AdjustManyAsync(EngineRoomDb db, IEnumerable<(string Sku, long Delta)> adjustments, string reason, string? note,
        DateTimeOffset now, CancellationToken ct, long locationId = StockLocation.DefaultId)
    {
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using (var level = await BulkInsert.PrepareAsync<StockLevel>(db, ["Sku", "LocationId", "OnHand", "Reserved"],
            onConflict: """ON CONFLICT ("Sku", "LocationId") DO UPDATE SET "OnHand" = inventory_stock_levels."OnHand" + excluded."OnHand" """, ct: ct))
        await using (var movement = await BulkInsert.PrepareAsync<StockMovement>(db, ["Sku", "LocationId", "Delta", "Reason", "Note", "At"], ct: ct))
        {
            foreach (var (sku, delta) in adjustments)
            {
                await level.InsertAsync(ct, sku, locationId, delta, 0L);
                await movement.InsertAsync(ct, sku, locationId, delta, reason, note, now);
            }
        }
        if (tx is not null) await tx.CommitAsync(ct);
    }
}
