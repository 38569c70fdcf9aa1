using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Outbox;
using EngineRoom.Data;
using EngineRoom.Events;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Orders.Actions;

/// <summary>Fulfils some or all lines from a stock location, with carrier and tracking number when known.</summary>
internal static class FulfilOrder
{
    public sealed record Line([Required, MaxLength(64)] string Sku, [Range(1, 999)] int Quantity);

    public sealed record Request([MaxLength(100), NoNullItems] IReadOnlyList<Line>? Lines, [MaxLength(40)] string? Location,
        [MaxLength(100)] string? Carrier, [MaxLength(100)] string? TrackingNumber);

    public static RouteHandlerBuilder MapFulfilOrder(this RouteGroupBuilder orders) =>
        orders.MapPost("/{id:guid}/fulfillments", Handle).WithName(nameof(FulfilOrder));

    private static Task<Results<Ok<OrderDto>, NotFound, ProblemHttpResult>> Handle(
        Guid id, Request? request, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct) =>
        OrderActions.RunAsync(db, id, OrderAction.Fulfil, user, clock, null, async (order, now) =>
        {
            var location = request?.Location ?? "default";
            if (!await db.StockLocations.AnyAsync(l => l.Code == location, ct))
                throw new BusinessRuleException("unknown_location", $"There is no stock location '{location}'.", 422);
            var lines = order.Fulfil(request?.Lines?.Select(l => (l.Sku, l.Quantity)).ToList(), now);
            var fulfillmentId = Guid.CreateVersion7(now);
            db.Fulfillments.Add(new Fulfillment
            {
                Id = fulfillmentId, OrderId = order.Id, LocationCode = location, Carrier = request?.Carrier, TrackingNumber = request?.TrackingNumber,
                Lines = lines.Select(l => new FulfilledLine(l.Sku, l.Quantity)).ToList(), CreatedAt = now,
            });
            db.OutboxMessages.Add(OutboxMessage.Create(new OrderFulfilled(order.Id, fulfillmentId, location, lines.Select(l => new EventLine(l.Sku, l.Quantity)).ToList(),
                order.Lines.All(l => l.Unfulfilled == 0), request?.Carrier, request?.TrackingNumber, now), now));
            return new ActionOutcome(new { location, lines = lines.Select(l => new { l.Sku, l.Quantity }), request?.Carrier, request?.TrackingNumber });
        }, ct);
}
