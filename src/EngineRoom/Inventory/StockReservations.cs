using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Inventory;

public sealed record StockRequest(string Sku, int Quantity);

/// <summary>Units an attempt holds at one location.</summary>
public sealed record StockCheck(IReadOnlyList<string> Short, IReadOnlyList<string> Watched);

public sealed record StockHeld(string Sku, long LocationId, int Quantity);

/// <summary>
/// Holding, consuming and releasing stock for a checkout attempt. Every decision about stock is one conditional
/// UPDATE whose affected-row count is the answer, so two buyers can never both get the last unit. Callers run these
/// inside their own transaction; a failed reservation is undone by rolling it back.
/// </summary>
public static class StockReservations
{
    /// <summary>
    /// What checkout reads before it holds anything, without a lock: the SKUs that certainly cannot be sold in these
    /// quantities now (not backorder, and less available than asked over all locations), so when an item sells out the
    /// buyers who come after are refused at once instead of queueing on the SKU's row lock; and the SKUs with a
    /// low-stock threshold, whose sale must look at it. Advisory: only the hold decides.
    /// </summary>
    public static async Task<StockCheck> CheckAsync(EngineRoomDb db, IEnumerable<StockRequest> requests, CancellationToken ct)
    {
        var wanted = requests.GroupBy(r => r.Sku).ToDictionary(g => g.Key, g => (long)g.Sum(r => r.Quantity));
        var skus = wanted.Keys.ToList();
        var levels = await db.StockLevels.Where(l => skus.Contains(l.Sku)).GroupBy(l => l.Sku)
            .Select(g => new
            {
                Sku = g.Key, Available = g.Sum(l => l.OnHand - l.Reserved),
                Backorder = db.InventoryItems.Any(i => i.Sku == g.Key && i.AllowBackorder),
                Watched = db.InventoryItems.Any(i => i.Sku == g.Key && i.LowStockThreshold != null),
            })
            .ToListAsync(ct);
        var shortSkus = levels.Where(l => !l.Backorder && l.Available < wanted[l.Sku]).Select(l => l.Sku).Order(StringComparer.Ordinal).ToList();
        return new StockCheck(shortSkus, levels.Where(l => l.Watched).Select(l => l.Sku).ToList());
    }

    /// <summary>
    /// The checkout's hold, added to its batch: every line reserved at the default location by one UPDATE (the rows in
    /// SKU order, so concurrent holds cannot deadlock), and a reservation row for each. Read <see cref="StockHold.Short"/>
    /// after the batch ran: when a line could not be held there (other locations, a backorder SKU without a stock row, or
    /// not enough), the caller rolls back and holds through <see cref="ReserveAsync"/>, which knows every location.
    /// </summary>
    public static StockHold Hold(SqlBatch batch, Guid attemptId, IEnumerable<StockRequest> requests, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        var lines = Merged(requests);
        var wanted = lines.SelectMany(l => new object?[] { l.Sku, l.Quantity }).ToArray();
        var reserved = batch.Add($"""
            WITH wanted(w_sku, w_quantity) AS (VALUES {SqlBatch.Rows(lines.Count, 2)})
            UPDATE inventory_stock_levels SET "Reserved" = "Reserved" + w_quantity
            FROM wanted
            WHERE "Sku" = w_sku AND "LocationId" = {StockLocation.DefaultId}
              AND ("OnHand" - "Reserved" >= w_quantity OR EXISTS (SELECT 1 FROM inventory_items i WHERE i."Sku" = w_sku AND i."AllowBackorder"))
            RETURNING "Sku"
            """, wanted);
        var rows = lines.SelectMany(l => new object?[]
        {
            Guid.CreateVersion7(now), attemptId, l.Sku, StockLocation.DefaultId, l.Quantity, (int)ReservationStatus.Held, now, expiresAt,
        }).ToArray();
        batch.Add($"""
            INSERT INTO inventory_reservations ("Id", "AttemptId", "Sku", "LocationId", "Quantity", "Status", "CreatedAt", "ExpiresAt")
            VALUES {SqlBatch.Rows(lines.Count, 8)}
            """, rows);
        return new StockHold(lines, reserved);
    }

    /// <summary>The hold's answer: the lines it asked for and the SKUs the database reserved.</summary>
    public sealed class StockHold(IReadOnlyList<StockRequest> lines, SqlBatch.Statement reserved)
    {
        public IReadOnlyList<StockRequest> Lines { get; } = lines;
        public IReadOnlyList<string> Short => Lines.Select(l => l.Sku).Except(reserved.Rows.Select(r => (string)r[0])).ToList();
    }

    /// <summary>
    /// The sale, added to the checkout's record batch: the attempt's reservations consumed, on hand and reserved both
    /// lowered, and a movement for each line. <see cref="StockSale.Consumed"/> is false when the reservations are no
    /// longer all held (they expired and were released): the caller must roll back.
    /// </summary>
    public static StockSale Consume(SqlBatch batch, Guid attemptId, Guid orderId, IReadOnlyList<StockHeld> held, DateTimeOffset now)
    {
        var consumed = batch.Add("""
            UPDATE inventory_reservations SET "Status" = {1} WHERE "AttemptId" = {0} AND "Status" = {2}
            """, attemptId, (int)ReservationStatus.Consumed, (int)ReservationStatus.Held);
        batch.Add($"""
            WITH sold(s_sku, s_location, s_quantity) AS (VALUES {SqlBatch.Rows(held.Count, 3)})
            UPDATE inventory_stock_levels SET "OnHand" = "OnHand" - s_quantity, "Reserved" = "Reserved" - s_quantity
            FROM sold WHERE "Sku" = s_sku AND "LocationId" = s_location
            """, held.SelectMany(h => new object?[] { h.Sku, h.LocationId, (long)h.Quantity }).ToArray());
        batch.Add($"""
            INSERT INTO inventory_stock_movements ("Sku", "LocationId", "Delta", "Reason", "OrderId", "At")
            VALUES {SqlBatch.Rows(held.Count, 6)}
            """, held.SelectMany(h => new object?[] { h.Sku, h.LocationId, (long)-h.Quantity, "sale", orderId, now }).ToArray());
        return new StockSale(held.Count, consumed);
    }

    public sealed class StockSale(int expected, SqlBatch.Statement consumed)
    {
        public bool Consumed => expected > 0 && consumed.RowsAffected == expected;
    }

    /// <summary>What an attempt holds where: read back after a hold made by <see cref="ReserveAsync"/>.</summary>
    public static async Task<IReadOnlyList<StockHeld>> HeldAsync(EngineRoomDb db, Guid attemptId, CancellationToken ct) =>
        await db.Reservations.AsNoTracking().Where(r => r.AttemptId == attemptId && r.Status == ReservationStatus.Held)
            .OrderBy(r => r.Sku).Select(r => new StockHeld(r.Sku, r.LocationId, r.Quantity)).ToListAsync(ct);

    /// <summary>Merges repeated SKUs and puts lines in one order everywhere, so concurrent attempts cannot deadlock.</summary>
    private static List<StockRequest> Merged(IEnumerable<StockRequest> requests) =>
        requests.GroupBy(r => r.Sku).Select(g => new StockRequest(g.Key, g.Sum(r => r.Quantity))).OrderBy(r => r.Sku, StringComparer.Ordinal).ToList();

    /// <summary>Reserves every line or reports the SKUs that fall short (the caller then rolls back).</summary>
    public static async Task<IReadOnlyList<string>> ReserveAsync(EngineRoomDb db, Guid attemptId, IEnumerable<StockRequest> requests,
        DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken ct)
    {
        var lines = Merged(requests);
        var shortSkus = new List<string>();
        foreach (var line in lines)
        {
            var location = await TryReserveAsync(db, line, ct);
            if (location is null) { shortSkus.Add(line.Sku); continue; }
            db.Reservations.Add(new Reservation
            {
                Id = Guid.CreateVersion7(now), AttemptId = attemptId, Sku = line.Sku, LocationId = location.Value,
                Quantity = line.Quantity, Status = ReservationStatus.Held, CreatedAt = now, ExpiresAt = expiresAt,
            });
        }
        return shortSkus;
    }

    private static async Task<long?> TryReserveAsync(EngineRoomDb db, StockRequest line, CancellationToken ct)
    {
        // The default location first, where a backorder SKU may also go below zero: one statement in the common case.
        if (await ReserveAtAsync(db, line, StockLocation.DefaultId, orBackorder: true, ct)) return StockLocation.DefaultId;
        var others = await db.StockLevels
            .Where(l => l.Sku == line.Sku && l.LocationId != StockLocation.DefaultId && l.OnHand - l.Reserved >= line.Quantity)
            .OrderBy(l => l.LocationId).Select(l => l.LocationId).ToListAsync(ct);
        foreach (var location in others)
            if (await ReserveAtAsync(db, line, location, orBackorder: false, ct)) return location;

        // Backorder with no stock row yet: the row starts at zero on hand and goes negative when the order consumes it.
        if (!await db.InventoryItems.AnyAsync(i => i.Sku == line.Sku && i.AllowBackorder, ct)) return null;
        db.StockLevels.Add(new StockLevel { Sku = line.Sku, LocationId = StockLocation.DefaultId, Reserved = line.Quantity });
        await db.SaveChangesAsync(ct);
        return StockLocation.DefaultId;
    }

    /// <summary>Holds the units at one location if they are available there or, when asked, if the SKU allows backorder.</summary>
    private static async Task<bool> ReserveAtAsync(EngineRoomDb db, StockRequest line, long location, bool orBackorder, CancellationToken ct) =>
        await db.StockLevels
            .Where(l => l.Sku == line.Sku && l.LocationId == location
                && (l.OnHand - l.Reserved >= line.Quantity || orBackorder && db.InventoryItems.Any(i => i.Sku == l.Sku && i.AllowBackorder)))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Reserved, l => l.Reserved + line.Quantity), ct) == 1;

    /// <summary>Gives back whatever the attempt still holds. Safe to call twice, or from two instances at once.</summary>
    public static async Task<int> ReleaseAsync(EngineRoomDb db, Guid attemptId, CancellationToken ct)
    {
        var held = await db.Reservations.AsNoTracking()
            .Where(r => r.AttemptId == attemptId && r.Status == ReservationStatus.Held).ToListAsync(ct);
        return await ReleaseEachAsync(db, held, ct);
    }

    /// <summary>Releases reservations whose time ran out (a checkout that crashed or stalled).</summary>
    public static async Task<int> ReleaseExpiredAsync(EngineRoomDb db, DateTimeOffset now, int batch, CancellationToken ct)
    {
        var expired = await db.Reservations.AsNoTracking()
            .Where(r => r.Status == ReservationStatus.Held && r.ExpiresAt <= now).OrderBy(r => r.ExpiresAt).Take(batch).ToListAsync(ct);
        return await ReleaseEachAsync(db, expired, ct);
    }

    private static async Task<int> ReleaseEachAsync(EngineRoomDb db, List<Reservation> reservations, CancellationToken ct)
    {
        var released = 0;
        foreach (var r in reservations)
        {
            await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            // Whoever flips the status gives the stock back; anyone else does nothing.
            if (await db.Reservations.Where(x => x.Id == r.Id && x.Status == ReservationStatus.Held)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, ReservationStatus.Released), ct) == 1)
            {
                await db.StockLevels.Where(l => l.Sku == r.Sku && l.LocationId == r.LocationId)
                    .ExecuteUpdateAsync(s => s.SetProperty(l => l.Reserved, l => l.Reserved - r.Quantity), ct);
                released++;
            }
            if (tx is not null) await tx.CommitAsync(ct);
        }
        return released;
    }
}
