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

namespace EngineRoom.Orders.Actions;

/// <summary>
/// Refunds an amount, or units of lines (what was paid for them, discount included: never the list price), with or
/// without putting them back on hand. Never more than was captured: one action per order at a time, checked by the
/// order against the payment's own figures.
/// </summary>
internal static class RefundOrder
{
    public sealed record Line([Required, MaxLength(64)] string Sku, [Range(1, 999)] int Quantity);

    public sealed record Request([Range(1, long.MaxValue)] long? Amount, [MaxLength(100), NoNullItems] IReadOnlyList<Line>? Lines, bool Restock, [MaxLength(1000)] string? Reason);

    public static RouteHandlerBuilder MapRefundOrder(this RouteGroupBuilder orders) =>
        orders.MapPost("/{id:guid}/refunds", Handle).WithName(nameof(RefundOrder))
            .WithSummary("Refund an amount or lines");

    internal static async Task<Results<Ok<OrderDto>, NotFound, ProblemHttpResult>> Handle(
        Guid id, Request request, ClaimsPrincipal user, EngineRoomDb db, IPaymentProvider provider, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if ((request.Amount is null) == (request.Lines is not { Count: > 0 }))
            return Problems.Validation("amount", "Give either an amount or lines to refund, not both.");
        if (request.Amount is not null && request.Restock)
            return Problems.Validation("restock", "Restocking needs lines: an amount refund does not say which units came back.");

        var now = clock.GetUtcNow();
        await using var lease = await OrderLease.TakeAsync(db, id, now, ct);
        if (lease.Busy is { } busy) return busy;
        if (lease.Order is not { } order) return TypedResults.NotFound();

        var payment = await OrderPayments.FindAsync(db, id, ct);
        var refund = order.Refund(request.Amount, request.Lines?.Select(l => (l.Sku, l.Quantity)).ToList(), request.Restock, payment, now);
        await OrderPayments.RefundAsync(provider, payment!, refund.Amount, lease.ProviderKey(http, "refund"), ct);

        Journal.Append(db, AfterSaleEntries.Refund(id, order.Currency, refund.Amount, refund.Tax, now, request.Reason));
        db.OutboxMessages.Add(OutboxMessage.Create(new OrderRefunded(id, new Money(refund.Amount, order.Currency), new Money(payment!.Refunded, order.Currency),
            refund.Units.Select(u => new EventLine(u.Sku, u.Quantity)).ToList(), null, now), now));
        var details = new { amount = refund.Amount, lines = refund.Units.Select(u => new { u.Sku, u.Quantity, u.Amount }), restock = request.Restock };
        return TypedResults.Ok(await lease.SaveAsync(OrderAction.Refund, user, request.Reason, details, now, ct, async t =>
        {
            foreach (var (sku, quantity) in refund.Restock)
                await StockReturns.RestockAsync(db, id, sku, quantity, "refund_restock", user.TryGetAccountId(), now, t);
        }));
    }
}
