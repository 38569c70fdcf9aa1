using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Inventory;

internal static class ListInventory
{
    public sealed record Item(string Sku, long OnHand, long Reserved, long Available, bool AllowBackorder, int? LowStockThreshold, bool LowStock);

    public static RouteHandlerBuilder MapListInventory(this RouteGroupBuilder inventory) =>
        inventory.MapGet("/", Handle).WithName(nameof(ListInventory))
            .WithSummary("List stock levels");

    // Every SKU that has stock somewhere or settings, with totals over its locations; lowStock=true keeps those whose
    // available stock is at or below their threshold. Ordered by SKU, which is unique, so it alone is the cursor.
    private static async Task<Results<Ok<Page<Item>>, ProblemHttpResult>> Handle(
        EngineRoomDb db, bool? lowStock, [Range(1, 100)] int? limit, string? cursor, CancellationToken ct)
    {
        if (!Cursor.TryDecode<string>(cursor, out var after)) return Cursor.Invalid();
        var take = limit ?? 50;
        var skus = db.StockLevels.Select(l => l.Sku).Union(db.InventoryItems.Select(i => i.Sku));
        var rows = from sku in skus
                   join i in db.InventoryItems on sku equals i.Sku into items
                   from item in items.DefaultIfEmpty()
                   select new
                   {
                       Sku = sku,
                       OnHand = db.StockLevels.Where(l => l.Sku == sku).Sum(l => l.OnHand),
                       Reserved = db.StockLevels.Where(l => l.Sku == sku).Sum(l => l.Reserved),
                       AllowBackorder = item != null && item.AllowBackorder,
                       Threshold = item != null ? item.LowStockThreshold : null,
                   };
        if (after is not null) rows = rows.Where(r => string.Compare(r.Sku, after) > 0);
        if (lowStock == true) rows = rows.Where(r => r.Threshold != null && r.OnHand - r.Reserved <= r.Threshold);
        var page = await rows.OrderBy(r => r.Sku).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Page.From(page, take,
            r => new Item(r.Sku, r.OnHand, r.Reserved, r.OnHand - r.Reserved, r.AllowBackorder, r.Threshold,
                InventoryDto.IsLow(r.OnHand - r.Reserved, r.Threshold)),
            last => Cursor.Encode(last.Sku)));
    }
}
