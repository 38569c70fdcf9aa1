using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json.Serialization;
using EngineRoom.Common;
using EngineRoom.Common.Audit;
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
        inventory.MapPatch("/{sku}", Handle).WithName(nameof(UpdateInventorySettings))
            .WithSummary("Set a SKU's backorder policy and low-stock threshold");

    private static async Task<Results<Ok<InventoryDto>, ProblemHttpResult>> Handle(
        string sku, Request request, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        if (StockInput.CheckSku(sku) is { } invalid) return invalid;
        await using var tx = await db.Database.BeginTransactionAsync(ct); // the settings and their audit entry
        var before = await InventoryDto.LoadAsync(db, sku, ct);
        // Upsert without a read: create the row if missing (a concurrent creator just wins), then set what was sent.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO inventory_items ("Sku", "AllowBackorder", "LowStockThreshold", "LowStockAlerted") VALUES ({sku}, {false}, NULL, {false})
            ON CONFLICT DO NOTHING
            """, ct);
        if (request.AllowBackorder is not null || request.ThresholdSent)
            await db.InventoryItems.Where(i => i.Sku == sku).ExecuteUpdateAsync(s =>
            {
                if (request.AllowBackorder is { } backorder) s.SetProperty(i => i.AllowBackorder, backorder);
                if (request.ThresholdSent) s.SetProperty(i => i.LowStockThreshold, request.LowStockThreshold);
            }, ct);
        if (request.ThresholdSent) await LowStock.ResetAsync(db, sku, ct);

        var after = (await InventoryDto.LoadAsync(db, sku, ct))!;
        AuditLog.Record(db, user, "inventory.update", "inventory", sku, before, after, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(after);
    }
}
