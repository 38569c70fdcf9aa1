using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Audit;
using EngineRoom.Customers;
using EngineRoom.Data;

namespace EngineRoom.Inventory;

internal static class AdjustStock
{
    public sealed record Request(
        [Range(-1_000_000_000, 1_000_000_000)] long Delta,
        [Required, RegularExpression(StockInput.ReasonPattern, ErrorMessage = StockInput.ReasonMessage)] string Reason,
        [MaxLength(500)] string? Note,
        [RegularExpression(StockInput.LocationPattern, ErrorMessage = StockInput.LocationMessage)] string? Location);

    public static RouteHandlerBuilder MapAdjustStock(this RouteGroupBuilder inventory) =>
        inventory.MapPost("/{sku}/adjustments", Handle).WithName(nameof(AdjustStock))
            .WithSummary("Adjust a SKU's stock by a delta, with a reason");

    private static async Task<Results<Ok<StockChangeDto>, ProblemHttpResult>> Handle(
        string sku, Request request, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        if (StockInput.CheckSku(sku) is { } invalid) return invalid;
        if (request.Delta == 0) return Problems.Validation("delta", "The delta must not be zero.");
        if (await StockInput.FindLocationAsync(db, request.Location, ct) is not { } locationId) return StockInput.UnknownLocation(request.Location);

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct); // the change, its movement and its audit entry
        var change = await StockAdjustments.AdjustAsync(db, sku, request.Delta, request.Reason, request.Note, user.TryGetAccountId(), now, ct, locationId);
        if (!change.Applied)
            return Problems.Create(StatusCodes.Status409Conflict, "insufficient_stock",
                $"Removing {-request.Delta} would leave less on hand than is reserved ({change.OnHand} on hand, {change.Reserved} reserved).",
                new Dictionary<string, object?> { ["onHand"] = change.OnHand, ["reserved"] = change.Reserved });
        var location = request.Location ?? "default";
        var after = (await InventoryDto.LoadAsync(db, sku, ct))!;
        AuditLog.Record(db, user, "stock.adjust", "inventory", sku, after.BeforeChange(location, change.Delta), after, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(StockChangeDto.From(sku, location, change));
    }
}
