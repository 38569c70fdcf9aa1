using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Outbox;
using EngineRoom.Customers;
using EngineRoom.Data;
using EngineRoom.Events;
using EngineRoom.Inventory;
using EngineRoom.Ledger;
using EngineRoom.Payments;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Orders.Actions;

/// <summary>Staff receive a requested return: the units are refunded (what was paid for them) and, if chosen, restocked.</summary>
internal static class ReceiveReturn
{
    public sealed record Request(bool Restock, [MaxLength(1000)] string? Note);

    public static RouteHandlerBuilder MapReceiveReturn(this RouteGroupBuilder orders) =>
        orders.MapPost("/{id:guid}/returns/{returnId:guid}/receive", Handle).WithName(nameof(ReceiveReturn))
            .WithSummary("Receive a return: refund and restock");

    private static async Task<Results<Ok<OrderDto>, NotFound, ProblemHttpResult>> Handle(
        Guid id, Guid returnId, Request request, ClaimsPrincipal user, EngineRoomDb db, IPaymentProvider provider, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var lease = await OrderLease.TakeAsync(db, id, now, ct);
        if (lease.Busy is { } busy) return busy;
        if (lease.Order is not { } order) return TypedResults.NotFound();
        var ret = await db.OrderReturns.SingleOrDefaultAsync(r => r.Id == returnId && r.OrderId == id, ct);
        if (ret is null) return Problems.Create(StatusCodes.Status404NotFound, "not_found", "The order has no such return.");

        var payment = await OrderPayments.FindAsync(db, id, ct);
        var refund = order.ReceiveReturn(ret, request.Restock, payment, now);
        await OrderPayments.RefundAsync(provider, payment!, refund.Amount, lease.ProviderKey(http, "refund"), ct);

        Journal.Append(db, AfterSaleEntries.Refund(id, order.Currency, refund.Amount, refund.Tax, now, $"return {ret.Id}"));
        var lines = refund.Units.Select(u => new EventLine(u.Sku, u.Quantity)).ToList();
        db.OutboxMessages.Add(OutboxMessage.Create(new OrderRefunded(id, new Money(refund.Amount, order.Currency), new Money(payment!.Refunded, order.Currency),
            lines, ret.Id, now), now));
        db.OutboxMessages.Add(OutboxMessage.Create(new ReturnReceived(ret.Id, id, lines, new Money(ret.RefundedAmount, order.Currency), request.Restock, now), now));
        var details = new
        {
            returnId, refund = new { amount = refund.Amount, lines = refund.Units.Select(u => new { u.Sku, u.Quantity, u.Amount }), restock = request.Restock },
        };
        return TypedResults.Ok(await lease.SaveAsync(OrderAction.Refund, user, request.Note, details, now, ct, async t =>
        {
            foreach (var (sku, quantity) in refund.Restock)
                await StockReturns.RestockAsync(db, id, sku, quantity, "refund_restock", user.TryGetAccountId(), now, t);
        }));
    }
}
