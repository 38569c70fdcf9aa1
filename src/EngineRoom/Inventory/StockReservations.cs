using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Inventory;

public sealed record StockRequest(string Sku, int Quantity);

/// <summary>
/// Holding, consuming and releasing stock for a checkout attempt. Every decision about stock is one conditional
/// UPDATE whose affected-row count is the answer, so two buyers can never both get the last unit. Callers run these
/// inside their own transaction; a failed reservation is undone by rolling it back.
/// </summary>
public static class StockReservations
{
    /// <summary>
    /// The SKUs that certainly cannot be sold in these quantities now: not backorder, and less available than asked over
    /// all locations, read without taking a lock. Checkout asks this first, so when an item sells out the buyers who come
    /// after are refused at once instead of queueing on the SKU's row lock. Advisory for everything else: only
    /// <see cref="ReserveAsync"/> decides.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CertainlyShortAsync(EngineRoomDb db, IEnumerable<StockRequest> requests, CancellationToken ct)
    {
        var wanted = requests.GroupBy(r => r.Sku).ToDictionary(g => g.Key, g => (long)g.Sum(r => r.Quantity));
        var skus = wanted.Keys.ToList();
        var available = await db.StockLevels
            .Where(l => skus.Contains(l.Sku) && !db.InventoryItems.Any(i => i.Sku == l.Sku && i.AllowBackorder))
            .GroupBy(l => l.Sku).Select(g => new { Sku = g.Key, Available = g.Sum(l => l.OnHand - l.Reserved) })
            .ToDictionaryAsync(x => x.Sku, x => x.Available, ct);
        return wanted.Where(w => available.TryGetValue(w.Key, out var a) && a < w.Value).Select(w => w.Key).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Reserves every line or reports the SKUs that fall short (the caller then rolls back).</summary>
    public static async Task<IReadOnlyList<string>> ReserveAsync(EngineRoomDb db, Guid attemptId, IEnumerable<StockRequest> requests,
        DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken ct)
    {
        // Merge repeated SKUs and take rows in one order everywhere, so concurrent attempts cannot deadlock.
        var lines = requests.GroupBy(r => r.Sku).Select(g => new StockRequest(g.Key, g.Sum(r => r.Quantity)))
            .OrderBy(r => r.Sku, StringComparer.Ordinal).ToList();
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

    /// <summary>
    /// Turns the attempt's held reservations into a sale: on hand and reserved both drop, and a movement records it.
    /// False when they are no longer all held (they expired and were released): the caller must abort. A SKU the sale
    /// takes to or below its low-stock threshold gets its <c>inventory.low</c> event, saved with the caller's SaveChanges.
    /// </summary>
    public static async Task<bool> ConsumeAsync(EngineRoomDb db, Guid attemptId, Guid orderId, DateTimeOffset now, CancellationToken ct)
    {
        // Whether each SKU has a threshold comes with the reservations, so a sale of SKUs without one costs no extra query.
        var rows = await db.Reservations.AsNoTracking()
            .Where(r => r.AttemptId == attemptId && r.Status == ReservationStatus.Held)
            .Select(r => new { Reservation = r, Watched = db.InventoryItems.Any(i => i.Sku == r.Sku && i.LowStockThreshold != null) })
            .ToListAsync(ct);
        var held = rows.Select(r => r.Reservation).ToList();
        var consumed = await db.Reservations.Where(r => r.AttemptId == attemptId && r.Status == ReservationStatus.Held)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReservationStatus.Consumed), ct);
        if (consumed != held.Count || held.Count == 0) return false;

        foreach (var r in held)
        {
            await db.StockLevels.Where(l => l.Sku == r.Sku && l.LocationId == r.LocationId).ExecuteUpdateAsync(s => s
                .SetProperty(l => l.OnHand, l => l.OnHand - r.Quantity)
                .SetProperty(l => l.Reserved, l => l.Reserved - r.Quantity), ct);
            db.StockMovements.Add(new StockMovement
            {
                Sku = r.Sku, LocationId = r.LocationId, Delta = -r.Quantity, Reason = "sale", OrderId = orderId, At = now,
            });
        }
        await LowStock.CheckAsync(db, rows.Where(r => r.Watched).Select(r => r.Reservation.Sku).Distinct().ToList(), now, ct, rearm: false);
        return true;
    }

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
