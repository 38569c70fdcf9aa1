using EngineRoom.Common;
using EngineRoom.Data;

namespace EngineRoom.Inventory;

internal static class GetInventory
{
    public static RouteHandlerBuilder MapGetInventory(this RouteGroupBuilder inventory) =>
        inventory.MapGet("/{sku}", Handle).WithName(nameof(GetInventory))
            .WithSummary("Get a SKU's stock, per location");

    private static async Task<Results<Ok<InventoryDto>, NotFound, ProblemHttpResult>> Handle(string sku, EngineRoomDb db, CancellationToken ct)
    {
        if (StockInput.CheckSku(sku) is { } invalid) return invalid;
        return await InventoryDto.LoadAsync(db, sku, ct) is { } dto ? TypedResults.Ok(dto) : TypedResults.NotFound();
    }
}
