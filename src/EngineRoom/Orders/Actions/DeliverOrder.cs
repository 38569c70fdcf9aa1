using System.Security.Claims;
using EngineRoom.Common.Outbox;
using EngineRoom.Data;
using EngineRoom.Events;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Orders.Actions;

/// <summary>Marks a shipped order (and its fulfilments) delivered.</summary>
internal static class DeliverOrder
{
    public static RouteHandlerBuilder MapDeliverOrder(this RouteGroupBuilder orders) =>
        orders.MapPost("/{id:guid}/deliver", Handle).WithName(nameof(DeliverOrder))
            .WithSummary("Mark an order delivered");

    private static async Task<Results<Ok<OrderDto>, NotFound, ProblemHttpResult>> Handle(
        Guid id, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var lease = await OrderLease.TakeAsync(db, id, now, ct);
        if (lease.Busy is { } busy) return busy;
        if (lease.Order is not { } order) return TypedResults.NotFound();

        order.Deliver(now);
        db.OutboxMessages.Add(OutboxMessage.Create(new OrderDelivered(id, now), now));
        return TypedResults.Ok(await lease.SaveAsync(OrderAction.Deliver, user, null, null, now, ct, t =>
            db.Fulfillments.Where(f => f.OrderId == id && f.DeliveredAt == null).ExecuteUpdateAsync(s => s.SetProperty(f => f.DeliveredAt, now), t)));
    }
}
