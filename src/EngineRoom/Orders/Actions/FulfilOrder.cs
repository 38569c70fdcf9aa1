using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Outbox;
using EngineRoom.Data;
using EngineRoom.Events;
using EngineRoom.Inventory;

namespace EngineRoom.Orders.Actions;

/// <summary>Fulfils some or all lines from a stock location, with carrier and tracking number when known.</summary>
internal static class FulfilOrder
{
    public sealed record Line([Required, MaxLength(64)] string Sku, [Range(1, 999)] int Quantity);

    public sealed record Request([MaxLength(100), NoNullItems] IReadOnlyList<Line>? Lines, [MaxLength(40)] string? Location,
        [MaxLength(100)] string? Carrier, [MaxLength(100)] string? TrackingNumber);

    public static RouteHandlerBuilder MapFulfilOrder(this RouteGroupBuilder orders) =>
        orders.MapPost("/{id:guid}/fulfillments", Handle).WithName(nameof(FulfilOrder))
            .WithSummary("Fulfil lines from a stock location");

    private static async Task<Results<Ok<OrderDto>, NotFound, ProblemHttpResult>> Handle(
        Guid id, Request? request, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var lease = await OrderLease.TakeAsync(db, id, now, ct);
        if (lease.Busy is { } busy) return busy;
        if (lease.Order is not { } order) return TypedResults.NotFound();

        var lines = order.Fulfil(request?.Lines?.Select(l => (l.Sku, l.Quantity)).ToList(), now);
        var location = request?.Location ?? "default";
        if (!await Locations.ExistsAsync(db, location, ct))
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "unknown_location", $"There is no stock location '{location}'.");

        var fulfillment = new Fulfillment
        {
            Id = Guid.CreateVersion7(now), OrderId = id, LocationCode = location, Carrier = request?.Carrier, TrackingNumber = request?.TrackingNumber,
            Lines = lines.Select(l => new FulfilledLine(l.Sku, l.Quantity)).ToList(), CreatedAt = now,
        };
        db.Fulfillments.Add(fulfillment);
        db.OutboxMessages.Add(OutboxMessage.Create(new OrderFulfilled(id, fulfillment.Id, location, lines.Select(l => new EventLine(l.Sku, l.Quantity)).ToList(),
            order.FulfillmentStatus == FulfillmentStatus.Fulfilled, request?.Carrier, request?.TrackingNumber, now), now));
        var details = new { location, lines = lines.Select(l => new { l.Sku, l.Quantity }), request?.Carrier, request?.TrackingNumber };
        return TypedResults.Ok(await lease.SaveAsync(OrderAction.Fulfil, user, null, details, now, ct));
    }
}
