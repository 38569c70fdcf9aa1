using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common.Outbox;
using EngineRoom.Data;
using EngineRoom.Events;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Orders.Actions;

/// <summary>Marks a fulfilled order shipped (its fulfilments take the carrier and tracking number when given).</summary>
internal static class ShipOrder
{
    public sealed record Request([MaxLength(100)] string? Carrier, [MaxLength(100)] string? TrackingNumber);

    public static RouteHandlerBuilder MapShipOrder(this RouteGroupBuilder orders) =>
        orders.MapPost("/{id:guid}/ship", Handle).WithName(nameof(ShipOrder));

    private static Task<Results<Ok<OrderDto>, NotFound, ProblemHttpResult>> Handle(
        Guid id, Request? request, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct) =>
        OrderActions.RunAsync(db, id, OrderAction.Ship, user, clock, null, async (order, now) =>
        {
            foreach (var fulfillment in await db.Fulfillments.Where(f => f.OrderId == order.Id && f.ShippedAt == null).ToListAsync(ct))
            {
                fulfillment.ShippedAt = now;
                fulfillment.Carrier = request?.Carrier ?? fulfillment.Carrier;
                fulfillment.TrackingNumber = request?.TrackingNumber ?? fulfillment.TrackingNumber;
            }
            order.Ship(now);
            db.OutboxMessages.Add(OutboxMessage.Create(new OrderShipped(order.Id, request?.Carrier, request?.TrackingNumber, now), now));
            return new ActionOutcome(new { request?.Carrier, request?.TrackingNumber });
        }, ct);
}
