using EngineRoom.Common;
using EngineRoom.Common.Idempotency;
using EngineRoom.Common.Outbox;
using EngineRoom.Data;
using EngineRoom.Events;
using EngineRoom.Inventory;
using EngineRoom.Ledger;
using EngineRoom.Payments;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Orders.Actions;

/// <summary>The money side of staff actions: provider calls with their own idempotency keys, payment records, ledger entries.</summary>
internal static class OrderMoney
{
    /// <summary>
    /// The provider's idempotency key for one operation on one order: derived from the client's Idempotency-Key, so a
    /// retry after a provider failure repeats the same provider call instead of making a second one.
    /// </summary>
    public static string ProviderKey(HttpContext http, string operation, Guid orderId) =>
        $"{operation}-{orderId:N}-{Idempotency.Current(http)?.Key ?? Guid.NewGuid().ToString("N")}";

    public static async Task<Payment?> PaymentOfAsync(EngineRoomDb db, Guid orderId, CancellationToken ct) =>
        await db.Payments.SingleOrDefaultAsync(p => p.OrderId == orderId, ct);

    public static PaymentResult Succeeded(PaymentResult result) => result.Succeeded ? result
        : throw new BusinessRuleException("payment_provider_error",
            $"The payment provider refused or failed the operation ({result.DeclineCode}). Nothing was changed; retry with the same Idempotency-Key.", 502);

    /// <summary>
    /// Cancels the order: voids the authorization (nothing captured) or refunds what was captured and writes off what
    /// never will be; puts every unit not yet restocked back on hand. Shared by cancel and void.
    /// </summary>
    public static async Task<ActionOutcome> CancelAsync(EngineRoomDb db, IPaymentProvider provider, HttpContext http, Order order,
        Guid? actorId, DateTimeOffset now, CancellationToken ct)
    {
        var payment = await PaymentOfAsync(db, order.Id, ct);
        var captured = payment?.Captured ?? 0;
        long refunded = 0;
        if (payment is not null && captured == 0)
        {
            var voided = Succeeded(await provider.VoidAsync(payment.ProviderPaymentId, ProviderKey(http, "void", order.Id), ct));
            payment.State = voided.State;
        }
        else if (payment is not null && captured - payment.Refunded > 0)
        {
            refunded = captured - payment.Refunded;
            var result = Succeeded(await provider.RefundAsync(payment.ProviderPaymentId, refunded, ProviderKey(http, "refund", order.Id), ct));
            payment.Refunded = result.Refunded;
            payment.State = result.State;
            db.JournalEntries.Add(AfterSaleEntries.Refund(order.Id, order.Currency, refunded, AfterSaleEntries.TaxShare(refunded, order.TaxTotal, order.Total), now, "cancellation"));
        }

        if (captured == 0)
            db.JournalEntries.Add(AfterSaleEntries.SaleReversed(order.Id, order.Currency, order.Subtotal, order.DiscountTotal, order.ShippingTotal, order.TaxTotal, now));
        else if (order.Total - captured > 0)
            db.JournalEntries.Add(AfterSaleEntries.ReceivableWrittenOff(order.Id, order.Currency, order.Total - captured,
                AfterSaleEntries.TaxShare(order.Total - captured, order.TaxTotal, order.Total), now));

        var restock = order.Lines.Select(l => (Line: l, Quantity: l.Quantity - l.RestockedQuantity)).Where(x => x.Quantity > 0).ToList();
        foreach (var (line, quantity) in restock) line.RestockedQuantity += quantity;
        order.Cancel(now);
        order.ApplyPayment(captured, payment?.Refunded ?? 0, voided: captured == 0 && payment is not null, now);
        db.OutboxMessages.Add(OutboxMessage.Create(new OrderCancelled(order.Id, new Money(refunded, order.Currency), Voided: captured == 0 && payment is not null, now), now));

        return new ActionOutcome(new { refunded, restocked = restock.Select(r => new { r.Line.Sku, r.Quantity }) }, async token =>
        {
            foreach (var (line, quantity) in restock)
                await StockReturns.RestockAsync(db, order.Id, line.Sku, quantity, "cancel_restock", actorId, now, token);
        });
    }

    /// <summary>
    /// Refunds an amount, or units of lines (what was paid for them, discount included: never the list price), with or
    /// without putting them back on hand. Never more than was captured: the caller holds the order's lease, and the
    /// check is against the payment's own figures.
    /// </summary>
    public static async Task<ActionOutcome> RefundAsync(EngineRoomDb db, IPaymentProvider provider, HttpContext http, Order order,
        long? amount, IReadOnlyList<(string Sku, int Quantity)>? lines, bool restock, string? reason, Guid? actorId, DateTimeOffset now, CancellationToken ct,
        Guid? returnId = null)
    {
        var payment = await PaymentOfAsync(db, order.Id, ct) ?? throw new BusinessRuleException("no_payment", "This order has no payment to refund.");
        var units = (lines ?? []).GroupBy(l => l.Sku).Select(g =>
        {
            var line = order.Lines.Find(l => l.Sku == g.Key) ?? throw new BusinessRuleException("unknown_line", $"The order has no line {g.Key}.", 422);
            var quantity = g.Sum(x => x.Quantity);
            // What was paid for these units: the line's total (after discount, with tax) in proportion; the last units
            // take whatever is left, so a line refunded in parts adds up to exactly what was paid.
            var paid = quantity >= line.Quantity - line.RefundedQuantity ? line.Total - line.RefundedAmount : line.Total * quantity / line.Quantity;
            return (Line: line, Quantity: quantity, Amount: paid, Tax: line.Tax * quantity / line.Quantity);
        }).ToList();

        var total = amount ?? units.Sum(u => u.Amount);
        var refundable = payment.Captured - payment.Refunded;
        if (total > refundable)
            throw new BusinessRuleException("refund_exceeds_captured", $"Only {refundable} of what was captured is left to refund.", 422);
        foreach (var u in units) order.RefundUnits(u.Line, u.Quantity, u.Amount);

        var result = Succeeded(await provider.RefundAsync(payment.ProviderPaymentId, total, ProviderKey(http, "refund", order.Id), ct));
        payment.Refunded = result.Refunded;
        payment.State = result.State;
        var tax = amount is null ? units.Sum(u => u.Tax) : AfterSaleEntries.TaxShare(total, order.TaxTotal, order.Total);
        db.JournalEntries.Add(AfterSaleEntries.Refund(order.Id, order.Currency, total, tax, now, reason));
        order.ApplyPayment(payment.Captured, payment.Refunded, voided: false, now);
        db.OutboxMessages.Add(OutboxMessage.Create(new OrderRefunded(order.Id, new Money(total, order.Currency), new Money(payment.Refunded, order.Currency),
            units.Select(u => new EventLine(u.Line.Sku, u.Quantity)).ToList(), returnId, now), now));

        var back = restock ? units.Select(u => (u.Line, Quantity: Math.Min(u.Quantity, u.Line.Quantity - u.Line.RestockedQuantity))).ToList() : [];
        foreach (var (line, quantity) in back) line.RestockedQuantity += quantity;
        return new ActionOutcome(new { amount = total, lines = units.Select(u => new { u.Line.Sku, u.Quantity, u.Amount }), restock }, async token =>
        {
            foreach (var (line, quantity) in back)
                await StockReturns.RestockAsync(db, order.Id, line.Sku, quantity, "refund_restock", actorId, now, token);
        });
    }
}
