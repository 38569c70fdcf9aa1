using System.Security.Claims;
using EngineRoom.Common.Outbox;
using EngineRoom.Data;
using EngineRoom.Events;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Orders.Actions;

internal static class DeliverOrder
{
    public static RouteHandlerBuilder MapDeliverOrder(this RouteGroupBuilder orders) =>
        orders.MapPost("/{id:guid}/deliver", Handle).WithName(nameof(DeliverOrder));

    private static Task<Results<Ok<OrderDto>, NotFound, ProblemHttpResult>> Handle(
        Guid id, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct) =>
        OrderActions.RunAsync(db, id, OrderAction.Deliver, user, clock, null, async (order, now) =>
        {
            await db.Fulfillments.Where(f => f.OrderId == order.Id && f.DeliveredAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.DeliveredAt, now), ct);
            order.Deliver(now);
            db.OutboxMessages.Add(OutboxMessage.Create(new OrderDelivered(order.Id, now), now));
            return new ActionOutcome();
        }, ct);
}
