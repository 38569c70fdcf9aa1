using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Inventory;

public sealed record StockLocationDto(string Code, string Name);

internal static class ListStockLocations
{
    public static RouteHandlerBuilder MapListStockLocations(this RouteGroupBuilder inventory) =>
        inventory.MapGet("/locations", Handle).WithName(nameof(ListStockLocations))
            .WithSummary("List stock locations");

    private static async Task<Results<Ok<Page<StockLocationDto>>, ProblemHttpResult>> Handle(
        EngineRoomDb db, [Range(1, 100)] int? limit, string? cursor, CancellationToken ct)
    {
        if (!Cursor.TryDecode<string>(cursor, out var after)) return Cursor.Invalid();
        var take = limit ?? 50;
        var query = db.StockLocations.AsNoTracking();
        if (after is not null) query = query.Where(l => string.Compare(l.Code, after) > 0);
        var rows = await query.OrderBy(l => l.Code).Select(l => new StockLocationDto(l.Code, l.Name)).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Page.From(rows, take, l => l, last => Cursor.Encode(last.Code)));
    }
}
