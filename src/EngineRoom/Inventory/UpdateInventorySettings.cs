using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Inventory;

internal static class UpdateInventorySettings
{
    public sealed record Request
    {
        public bool? AllowBackorder { get; init; }

        // An explicit null removes the threshold (no low-stock alerts), so the request remembers whether it was sent.
        [Range(0, 1_000_000_000)]
        public int? LowStockThreshold { get; init { field = value; ThresholdSent = true; } }

        [JsonIgnore] public bool ThresholdSent { get; private set; }
    }

    public static RouteHandlerBuilder MapUpdateInventorySettings(this RouteGroupBuilder inventory) =>
        inventory.MapPatch("/{sku}", Handle).WithName(nameof(UpdateInventorySettings));

    private static async Task<Results<Ok<InventoryDto>, ProblemHttpResult>> Handle(string sku, Request request, EngineRoomDb db, CancellationToken ct)
    {
        if (StockInput.CheckSku(sku) is { } invalid) return invalid;
        // Upsert without a read: create the row if missing (a concurrent creator just wins), then set what was sent.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO inventory_items ("Sku", "AllowBackorder", "LowStockThreshold") VALUES ({sku}, {false}, NULL)
            ON CONFLICT DO NOTHING
            """, ct);
        if (request.AllowBackorder is not null || request.ThresholdSent)
            await db.InventoryItems.Where(i => i.Sku == sku).ExecuteUpdateAsync(s =>
            {
                if (request.AllowBackorder is { } backorder) s.SetProperty(i => i.AllowBackorder, backorder);
                if (request.ThresholdSent) s.SetProperty(i => i.LowStockThreshold, request.LowStockThreshold);
            }, ct);
        return TypedResults.Ok((await InventoryDto.LoadAsync(db, sku, ct))!);
    }
}
