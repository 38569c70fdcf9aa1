using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Orders;

internal static class OrderQueries
{
    /// <summary>Newest first. Order ids are UUIDv7 (time-ordered), so the id alone is the keyset.</summary>
    public static async Task<Results<Ok<Page<OrderDto>>, ProblemHttpResult>> PageAsync(
        IQueryable<Order> orders, int? limit, string? cursor, CancellationToken ct)
    {
        if (!Cursor.TryDecode<Guid?>(cursor, out var after)) return Cursor.Invalid();
        var take = limit ?? 20;
        if (after is { } last) orders = orders.Where(o => o.Id.CompareTo(last) < 0);
        var rows = await orders.AsNoTracking().Include(o => o.Lines).OrderByDescending(o => o.Id).Take(take + 1).AsSplitQuery().ToListAsync(ct);
        return TypedResults.Ok(Page.From(rows, take, o => OrderDto.From(o), o => Cursor.Encode<Guid?>(o.Id)));
    }
}
