using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Carts;

/// <summary>Carts' read-only face to reporting (Analytics): carts created in a range, and how many of them had items.</summary>
public static class CartFacts
{
    public static async Task<(long Created, long WithItems)> CountAsync(EngineRoomDb db, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var carts = db.Carts.AsNoTracking().Where(c => c.CreatedAt >= from && c.CreatedAt < to);
        return (await carts.LongCountAsync(ct), await carts.LongCountAsync(c => c.Lines.Any() || c.OrderId != null, ct));
    }
}
