using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Inventory;

public sealed record StockRequest(string Sku, int Quantity);

public sealed record StockCheck(IReadOnlyList<string> Short, IReadOnlyList<string> Watched);

/// <summary>Units held at one location. Who holds them keeps the list (a checkout attempt carries its own, as JSON: <see cref="Write"/>).</summary>
public sealed record StockHeld(string Sku, long LocationId, int Quantity)
{
    public static string Write(IReadOnlyList<StockHeld> held) => System.Text.Json.JsonSerializer.Serialize(held);
    public static IReadOnlyList<StockHeld> Read(string? held) =>
        held is null ? [] : System.Text.Json.JsonSerializer.Deserialize<List<StockHeld>>(held) ?? [];
}

/// <summary>
/// Holding, selling and releasing stock for a checkout. Every decision about stock is one conditional UPDATE whose
/// affected-row count is the answer, so two buyers can never both get the last unit. Callers run these inside their
/// own transaction; a failed hold is undone by rolling it back. What is held where is kept by the holder (the checkout
/// attempt carries its lines: docs/decisions/0012), which releases it exactly once, gated by its own status change.
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
        // Plain SQL: it runs before every checkout, the refused ones of a sell-out included (EF Core's query pipeline cost more than the read).
        var batch = new SqlBatch(db);
        var levels = batch.Add($$"""
            SELECT l."Sku", SUM(l."OnHand" - l."Reserved"), MAX(CASE WHEN i."AllowBackorder" THEN 1 ELSE 0 END),
                   MAX(CASE WHEN i."LowStockThreshold" IS NOT NULL THEN 1 ELSE 0 END)
            FROM inventory_stock_levels l LEFT JOIN inventory_items i ON i."Sku" = l."Sku"
            WHERE l."Sku" IN ({{SqlBatch.List(wanted.Count)}})
            GROUP BY l."Sku"
            """, [.. wanted.Keys]);
        await batch.ExecuteAsync(ct);
        var rows = levels.Rows.Select(r => (Sku: (string)r[0], Available: SqlValues.Long(r[1]), Backorder: SqlValues.Bool(r[2]), Watched: SqlValues.Bool(r[3]))).ToList();
        var shortSkus = rows.Where(l => !l.Backorder && l.Available < wanted[l.Sku]).Select(l => l.Sku).Order(StringComparer.Ordinal).ToList();
        return new StockCheck(shortSkus, rows.Where(l => l.Watched).Select(l => l.Sku).ToList());
    }

    /// <summary>
    /// The checkout's hold, added to its batch: every line reserved at the default location by one UPDATE (the rows in
    /// SKU order, so concurrent holds cannot deadlock). Read <see cref="StockHold.Short"/> after the batch ran: when a
    /// line could not be held there (other locations, a backorder SKU without a stock row, or not enough), the caller
    /// rolls back and holds through <see cref="ReserveAsync"/>, which knows every location. <see cref="StockHold.Held"/>
    /// is what the hold holds when nothing is short, known before it runs.
    /// </summary>
    public static StockHold Hold(SqlBatch batch, IEnumerable<StockRequest> requests)
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
        return new StockHold(lines, reserved);
    }

    /// <summary>The hold's answer: the lines it asked for and the SKUs the database reserved.</summary>
    public sealed class StockHold(IReadOnlyList<StockRequest> lines, SqlBatch.Statement reserved)
    {
        public IReadOnlyList<StockHeld> Held { get; } = lines.Select(l => new StockHeld(l.Sku, StockLocation.DefaultId, l.Quantity)).ToList();
        public IReadOnlyList<string> Short => lines.Select(l => l.Sku).Except(reserved.Rows.Select(r => (string)r[0])).ToList();
    }

    /// <summary>
    /// The sale, added to the checkout's record batch: on hand and reserved both lowered by what was held, and a movement
    /// for each line. The caller's own conditional statement (the attempt completed while its hold stands) decides.
    /// </summary>
    public static void Sell(SqlBatch batch, Guid orderId, IReadOnlyList<StockHeld> held, DateTimeOffset now)
    {
        batch.Add($"""
            WITH sold(s_sku, s_location, s_quantity) AS (VALUES {SqlBatch.Rows(held.Count, 3)})
            UPDATE inventory_stock_levels SET "OnHand" = "OnHand" - s_quantity, "Reserved" = "Reserved" - s_quantity
            FROM sold WHERE "Sku" = s_sku AND "LocationId" = s_location
            """, held.SelectMany(h => new object?[] { h.Sku, h.LocationId, (long)h.Quantity }).ToArray());
        batch.Add($"""
            INSERT INTO inventory_stock_movements ("Sku", "LocationId", "Delta", "Reason", "OrderId", "At")
            VALUES {SqlBatch.Rows(held.Count, 6)}
            """, held.SelectMany(h => new object?[] { h.Sku, h.LocationId, (long)-h.Quantity, "sale", orderId, now }).ToArray());
    }

    /// <summary>Merges repeated SKUs and puts lines in one order everywhere, so concurrent attempts cannot deadlock.</summary>
    private static List<StockRequest> Merged(IEnumerable<StockRequest> requests) =>
        requests.GroupBy(r => r.Sku).Select(g => new StockRequest(g.Key, g.Sum(r => r.Quantity))).OrderBy(r => r.Sku, StringComparer.Ordinal).ToList();

    /// <summary>Reserves every line, wherever it can be held; or reports the SKUs that fall short (the caller then rolls back).</summary>
    public static async Task<(IReadOnlyList<StockHeld> Held, IReadOnlyList<string> Short)> ReserveAsync(EngineRoomDb db, IEnumerable<StockRequest> requests,
        CancellationToken ct)
    {
        var (held, shortSkus) = (new List<StockHeld>(), new List<string>());
        foreach (var line in Merged(requests))
        {
            if (await TryReserveAsync(db, line, ct) is { } location) held.Add(new StockHeld(line.Sku, location, line.Quantity));
            else shortSkus.Add(line.Sku);
        }
        return (held, shortSkus);
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

    /// <summary>Gives back what a holder held. The holder calls it once, in the transaction of its own change that ends the hold.</summary>
    public static async Task ReleaseAsync(EngineRoomDb db, IReadOnlyList<StockHeld> held, CancellationToken ct)
    {
        foreach (var h in held)
            await db.StockLevels.Where(l => l.Sku == h.Sku && l.LocationId == h.LocationId)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Reserved, l => l.Reserved - h.Quantity), ct);
    }
}
