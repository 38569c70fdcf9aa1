using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Outbox;
using EngineRoom.Customers;
using EngineRoom.Data;
using EngineRoom.Inventory;
using EngineRoom.Ledger;
using EngineRoom.Payments;

namespace EngineRoom.Orders.Actions;

/// <summary>
/// Refunds an amount, or units of lines (what was paid for them, discount included: never the list price), with or
/// without putting them back on hand. Never more than was captured: one action per order at a time, checked
/// against the payment's own figures.
/// </summary>
internal static class RefundOrder
{
    public sealed record Line([Required, MaxLength(64)] string Sku, [Range(1, 999)] int Quantity);

    public sealed record Request([Range(1, long.MaxValue)] long? Amount, [MaxLength(100)] IReadOnlyList<Line>? Lines, bool Restock, [MaxLength(1000)] string? Reason);

    public static RouteHandlerBuilder MapRefundOrder(this RouteGroupBuilder orders) =>
        orders.MapPost("/{id:guid}/refunds", Handle).WithName(nameof(RefundOrder));

    private static async Task<Results<Ok<OrderDto>, NotFound, ProblemHttpResult>> Handle(
        Guid id, Request request, ClaimsPrincipal user, EngineRoomDb db, IPaymentProvider provider, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if ((request.Amount is null) == (request.Lines is not { Count: > 0 }))
            return Problems.Validation("amount", "Give either an amount or lines to refund, not both.");
        if (request.Amount is not null && request.Restock)
            return Problems.Validation("restock", "Restocking needs lines: an amount refund does not say which units came back.");

        return await OrderActions.RunAsync(db, id, OrderAction.Refund, user, clock, request.Reason, async (order, now) =>
        {
            var payment = await OrderMoney.PaymentOfAsync(db, order.Id, ct)
                ?? throw new BusinessRuleException("no_payment", "This order has no payment to refund.");
            var units = (request.Lines ?? []).GroupBy(l => l.Sku).Select(g =>
            {
                var line = order.Lines.Find(l => l.Sku == g.Key) ?? throw new BusinessRuleException("unknown_line", $"The order has no line {g.Key}.", 422);
                var quantity = g.Sum(x => x.Quantity);
                var left = line.Quantity - line.RefundedQuantity;
                // What was paid for these units: the line's total (after discount, with tax) in proportion; the last
                // units take whatever is left, so a line refunded in parts adds up to exactly what was paid.
                var amount = quantity >= left ? line.Total - line.RefundedAmount : line.Total * quantity / line.Quantity;
                return (Line: line, Quantity: quantity, Amount: amount, Tax: line.Tax * quantity / line.Quantity);
            }).ToList();

            var amount = request.Amount ?? units.Sum(u => u.Amount);
            var refundable = payment.Captured - payment.Refunded;
            if (amount > refundable)
                throw new BusinessRuleException("refund_exceeds_captured", $"Only {refundable} of what was captured is left to refund.", 422);
            foreach (var u in units) order.RefundUnits(u.Line, u.Quantity, u.Amount);

            var result = OrderMoney.Succeeded(await provider.RefundAsync(payment.ProviderPaymentId, amount, OrderMoney.ProviderKey(http, "refund", order.Id), ct));
            payment.Refunded = result.Refunded;
            payment.State = result.State;
            var tax = request.Amount is null ? units.Sum(u => u.Tax) : AfterSaleEntries.TaxShare(amount, order.TaxTotal, order.Total);
            db.JournalEntries.Add(AfterSaleEntries.Refund(order.Id, order.Currency, amount, tax, now, request.Reason));
            order.ApplyPayment(payment.Captured, payment.Refunded, voided: false, now);
            db.OutboxMessages.Add(OutboxMessage.Create("order.refunded", new { orderId = order.Id, amount, order.Currency }, now));

            var restock = request.Restock ? units.Select(u => (u.Line, Quantity: Math.Min(u.Quantity, u.Line.Quantity - u.Line.RestockedQuantity))).ToList() : [];
            foreach (var (line, quantity) in restock) line.RestockedQuantity += quantity;
            return new ActionOutcome(new { amount, lines = units.Select(u => new { u.Line.Sku, u.Quantity, u.Amount }), restock = request.Restock }, async token =>
            {
                foreach (var (line, quantity) in restock)
                    await StockReturns.RestockAsync(db, order.Id, line.Sku, quantity, "refund_restock", user.TryGetAccountId(), now, token);
            });
        }, ct);
    }
}
