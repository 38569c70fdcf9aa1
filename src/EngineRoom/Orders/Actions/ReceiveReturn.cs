using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Customers;
using EngineRoom.Common.Outbox;
using EngineRoom.Data;
using EngineRoom.Events;
using EngineRoom.Payments;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Orders.Actions;

/// <summary>Staff receive a requested return: the units are refunded (what was paid for them) and, if chosen, restocked.</summary>
internal static class ReceiveReturn
{
    public sealed record Request(bool Restock, [MaxLength(1000)] string? Note);

    public static RouteHandlerBuilder MapReceiveReturn(this RouteGroupBuilder orders) =>
        orders.MapPost("/{id:guid}/returns/{returnId:guid}/receive", Handle).WithName(nameof(ReceiveReturn));

    private static Task<Results<Ok<OrderDto>, NotFound, ProblemHttpResult>> Handle(
        Guid id, Guid returnId, Request request, ClaimsPrincipal user, EngineRoomDb db, IPaymentProvider provider, TimeProvider clock,
        HttpContext http, CancellationToken ct) =>
        OrderActions.RunAsync(db, id, OrderAction.Refund, user, clock, request.Note, async (order, now) =>
        {
            var ret = await db.OrderReturns.SingleOrDefaultAsync(r => r.Id == returnId && r.OrderId == id, ct)
                ?? throw new BusinessRuleException("not_found", "The order has no such return.", 404);
            if (ret.Status != ReturnStatus.Requested) throw new BusinessRuleException("return_already_received", "This return was already received.");
            var refundedBefore = order.Lines.Sum(l => l.RefundedAmount);
            var outcome = await OrderMoney.RefundAsync(db, provider, http, order, amount: null, ret.Lines.Select(l => (l.Sku, l.Quantity)).ToList(),
                request.Restock, $"return {ret.Id}", user.TryGetAccountId(), now, ct, ret.Id);
            (ret.Status, ret.ReceivedAt, ret.Restocked, ret.RefundedAmount) = (ReturnStatus.Received, now, request.Restock, order.Lines.Sum(l => l.RefundedAmount) - refundedBefore);
            db.OutboxMessages.Add(OutboxMessage.Create(new ReturnReceived(ret.Id, order.Id, ret.Lines.Select(l => new EventLine(l.Sku, l.Quantity)).ToList(),
                new Money(ret.RefundedAmount, order.Currency), request.Restock, now), now));
            return outcome with { Details = new { returnId, refund = outcome.Details } };
        }, ct);
}
