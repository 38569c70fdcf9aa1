using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Inventory;

/// <summary>The outcome of a change to on-hand stock: the level afterwards (or as it stood, when refused).</summary>
public sealed record StockChange(bool Applied, long Delta, long OnHand, long Reserved, long? MovementId);

/// <summary>
/// Changes on-hand stock together with its movement, in one transaction, so on hand always equals the sum of the
/// movements. Stock taken away never leaves less on hand than is reserved: held reservations can always be honoured.
/// A change that takes the SKU to or below its low-stock threshold writes <c>inventory.low</c> with it (<see cref="LowStock"/>).
/// </summary>
public static class StockAdjustments
{
    /// <summary>Adds <paramref name="delta"/> (non-zero) to on hand; refused (not applied) when it would go below reserved.</summary>
    public static async Task<StockChange> AdjustAsync(EngineRoomDb db, string sku, long delta, string reason, string? note, Guid? actorId,
        DateTimeOffset now, CancellationToken ct, long locationId = StockLocation.DefaultId)
    {
        ArgumentOutOfRangeException.ThrowIfZero(delta);
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        if (delta > 0) await EnsureLevelAsync(db, sku, locationId, ct);

        // One conditional statement decides. Reserved is never negative, so this also keeps on hand at or above zero;
        // a backorder SKU goes below zero only when a sale consumes its reservation, never through an adjustment.
        var updated = await Level(db, sku, locationId).Where(l => delta > 0 || l.OnHand + delta >= l.Reserved)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.OnHand, l => l.OnHand + delta), ct);
        if (updated == 0)
        {
            var current = await Level(db, sku, locationId).AsNoTracking().SingleOrDefaultAsync(ct);
            return new StockChange(false, delta, current?.OnHand ?? 0, current?.Reserved ?? 0, null);
        }
        return await RecordAsync(db, tx, new StockMovement
        {
            Sku = sku, LocationId = locationId, Delta = delta, Reason = reason, Note = note, ActorId = actorId, At = now,
        }, ct);
    }

    /// <summary>
    /// Sets on hand to a counted figure; the movement is the difference. Refused when the count is below what is
    /// reserved. The row is locked while the difference is worked out, so concurrent adjustments are not lost.
    /// </summary>
    public static async Task<StockChange> CountAsync(EngineRoomDb db, string sku, long counted, string reason, string? note, Guid? actorId,
        DateTimeOffset now, CancellationToken ct, long locationId = StockLocation.DefaultId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(counted);
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await EnsureLevelAsync(db, sku, locationId, ct);
        var current = await LockLevelAsync(db, sku, locationId, ct);
        if (counted < current.Reserved) return new StockChange(false, counted - current.OnHand, current.OnHand, current.Reserved, null);

        // Conditional on the figure we read, so even without the lock a concurrent change could not be overwritten.
        var updated = await Level(db, sku, locationId).Where(l => l.OnHand == current.OnHand)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.OnHand, counted), ct);
        if (updated != 1) throw new InvalidOperationException($"The stock level of {sku} changed while it was locked.");
        return await RecordAsync(db, tx, new StockMovement
        {
            Sku = sku, LocationId = locationId, Delta = counted - current.OnHand, Reason = reason, Note = note, ActorId = actorId, At = now,
        }, ct);
    }

    private static IQueryable<StockLevel> Level(EngineRoomDb db, string sku, long locationId) =>
        db.StockLevels.Where(l => l.Sku == sku && l.LocationId == locationId);

    private static async Task<StockChange> RecordAsync(EngineRoomDb db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? tx,
        StockMovement movement, CancellationToken ct)
    {
        db.StockMovements.Add(movement);
        await LowStock.CheckAsync(db, [movement.Sku], movement.At, ct);
        await db.SaveChangesAsync(ct);
        var level = await Level(db, movement.Sku, movement.LocationId).AsNoTracking().SingleAsync(ct);
        if (tx is not null) await tx.CommitAsync(ct);
        return new StockChange(true, movement.Delta, level.OnHand, level.Reserved, movement.Id);
    }

    /// <summary>Creates the level row at zero if it is missing; a concurrent creator simply wins (no error, no abort).</summary>
    private static Task EnsureLevelAsync(EngineRoomDb db, string sku, long locationId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO inventory_stock_levels ("Sku", "LocationId", "OnHand", "Reserved") VALUES ({sku}, {locationId}, 0, 0)
            ON CONFLICT DO NOTHING
            """, ct);

    // SQLite's write transaction (BEGIN IMMEDIATE) already excludes every other writer; PostgreSQL needs the row lock.
    private static async Task<StockLevel> LockLevelAsync(EngineRoomDb db, string sku, long locationId, CancellationToken ct)
    {
        var rows = db.Provider == DatabaseProvider.Postgres
            ? await db.StockLevels.FromSql($"""
                SELECT * FROM inventory_stock_levels WHERE "Sku" = {sku} AND "LocationId" = {locationId} FOR UPDATE
                """).AsNoTracking().ToListAsync(ct)
            : await Level(db, sku, locationId).AsNoTracking().ToListAsync(ct);
        return rows.Single();
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
