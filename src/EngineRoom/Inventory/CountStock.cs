using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Audit;
using EngineRoom.Customers;
using EngineRoom.Data;

namespace EngineRoom.Inventory;

/// <summary>Records a stock count: on hand becomes the counted figure, and the movement is the difference.</summary>
internal static class CountStock
{
    public sealed record Request(
        [Required, Range(0, 1_000_000_000)] long? OnHand,
        [Required, RegularExpression(StockInput.ReasonPattern, ErrorMessage = StockInput.ReasonMessage)] string Reason,
        [MaxLength(500)] string? Note,
        [RegularExpression(StockInput.LocationPattern, ErrorMessage = StockInput.LocationMessage)] string? Location);

    public static RouteHandlerBuilder MapCountStock(this RouteGroupBuilder inventory) =>
        inventory.MapPut("/{sku}/stock", Handle).WithName(nameof(CountStock))
            .WithSummary("Set a SKU's counted stock at a location");

    private static async Task<Results<Ok<StockChangeDto>, ProblemHttpResult>> Handle(
        string sku, Request request, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        if (StockInput.CheckSku(sku) is { } invalid) return invalid;
        if (await StockInput.FindLocationAsync(db, request.Location, ct) is not { } locationId) return StockInput.UnknownLocation(request.Location);

        // A matching count is still recorded (a zero movement): when stock was last counted is worth knowing.
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct); // the change, its movement and its audit entry
        var change = await StockAdjustments.CountAsync(db, sku, request.OnHand!.Value, request.Reason, request.Note, user.TryGetAccountId(), now, ct, locationId);
        if (!change.Applied)
            return Problems.Create(StatusCodes.Status409Conflict, "insufficient_stock",
                $"{change.Reserved} units are reserved, more than the {request.OnHand} counted. Release or fulfil reservations first.",
                new Dictionary<string, object?> { ["onHand"] = change.OnHand, ["reserved"] = change.Reserved });
        var location = request.Location ?? "default";
        var after = (await InventoryDto.LoadAsync(db, sku, ct))!;
        AuditLog.Record(db, user, "stock.count", "inventory", sku, after.BeforeChange(location, change.Delta), after, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(StockChangeDto.From(sku, location, change));
    }
}
