using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Inventory;

internal static class ListStockMovements
{
    public sealed record Item(
        long Id, string Sku, string Location, long Delta, string Reason, string? Note, Guid? ActorId, Guid? OrderId, DateTimeOffset At);

    public static RouteHandlerBuilder MapListStockMovements(this RouteGroupBuilder inventory) =>
        inventory.MapGet("/{sku}/movements", Handle).WithName(nameof(ListStockMovements))
            .WithSummary("List a SKU's stock movements (the audit trail)");

    // Newest first; ids only grow, so the last id shown is the cursor.
    private static async Task<Results<Ok<Page<Item>>, ProblemHttpResult>> Handle(
        string sku, EngineRoomDb db, [Range(1, 100)] int? limit, string? cursor, CancellationToken ct)
    {
        if (StockInput.CheckSku(sku) is { } invalid) return invalid;
        if (!Cursor.TryDecode<long?>(cursor, out var before)) return Cursor.Invalid();
        var take = limit ?? 50;
        var movements = db.StockMovements.Where(m => m.Sku == sku);
        if (before is { } id) movements = movements.Where(m => m.Id < id);
        var rows = await (from m in movements
                          join location in db.StockLocations on m.LocationId equals location.Id
                          orderby m.Id descending
                          select new Item(m.Id, m.Sku, location.Code, m.Delta, m.Reason, m.Note, m.ActorId, m.OrderId, m.At))
            .Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Page.From(rows, take, m => m, last => Cursor.Encode<long?>(last.Id)));
    }
}
