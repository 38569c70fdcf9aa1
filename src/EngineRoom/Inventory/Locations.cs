using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Inventory;

/// <summary>Inventory's face for other modules that name a stock location by its code.</summary>
public static class Locations
{
    public static Task<bool> ExistsAsync(EngineRoomDb db, string code, CancellationToken ct) => db.StockLocations.AnyAsync(l => l.Code == code, ct);
}
