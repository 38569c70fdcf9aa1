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
        orders.MapPost("/{id:guid}/ship", Handle).WithName(nameof(ShipOrder))
            .WithSummary("Mark an order shipped, with carrier and tracking");

    private static async Task<Results<Ok<OrderDto>, NotFound, ProblemHttpResult>> Handle(
        Guid id, Request? request, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var lease = await OrderLease.TakeAsync(db, id, now, ct);
        if (lease.Busy is { } busy) return busy;
        if (lease.Order is not { } order) return TypedResults.NotFound();

        order.Ship(now);
        foreach (var fulfillment in await db.Fulfillments.Where(f => f.OrderId == id && f.ShippedAt == null).ToListAsync(ct))
            fulfillment.Ship(request?.Carrier, request?.TrackingNumber, now);
        db.OutboxMessages.Add(OutboxMessage.Create(new OrderShipped(id, request?.Carrier, request?.TrackingNumber, now), now));
        return TypedResults.Ok(await lease.SaveAsync(OrderAction.Ship, user, null, new { request?.Carrier, request?.TrackingNumber }, now, ct));
    }
}
