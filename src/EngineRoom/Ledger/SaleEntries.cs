namespace EngineRoom.Ledger;

/// <summary>The journal entries of a sale, written in the same transaction as the order that caused them.</summary>
public static class SaleEntries
{
    public const string OrderPlacedKind = "order_placed";
    public const string PaymentCapturedKind = "payment_captured";

    /// <summary>
    /// The entries of a sale, <paramref name="captured"/> being what the provider captured as it was recorded. Captured in
    /// full, one <c>order_placed</c> entry whose debit is payments_clearing: the receivable would be opened and closed in
    /// the same transaction. Otherwise the customer owes the total (accounts_receivable) and a partial capture is its own
    /// <c>payment_captured</c>. Either way the sale is the order's one <c>order_placed</c> entry, and what it debits is the total.
    /// </summary>
    public static IReadOnlyList<JournalEntry> Sale(Guid orderId, string currency, long subtotal, long discount, long shipping, long tax, long captured,
        DateTimeOffset at)
    {
        var total = subtotal - discount + shipping + tax;
        if (captured == total) return [OrderPlaced(Accounts.PaymentsClearing, orderId, currency, subtotal, discount, shipping, tax, at)];
        var placed = OrderPlaced(Accounts.AccountsReceivable, orderId, currency, subtotal, discount, shipping, tax, at);
        return captured > 0 ? [placed, PaymentCaptured(orderId, currency, captured, at)] : [placed];
    }

    /// <summary>The order's total as its sale entry recorded it: the debit to accounts_receivable or, paid at once, to payments_clearing.</summary>
    public static long TotalOf(JournalEntry sale) =>
        sale.Postings.Where(p => p.Account is Accounts.AccountsReceivable or Accounts.PaymentsClearing).Sum(p => p.Amount);

    // The sale itself: revenue, shipping and tax earned or owed, discounts given, and the total debited to the customer's
    // receivable or, paid at once, to the provider's clearing account.
    private static JournalEntry OrderPlaced(string debit, Guid orderId, string currency, long subtotal, long discount, long shipping, long tax, DateTimeOffset at) =>
        JournalEntry.Create(OrderPlacedKind, orderId, currency, at, null,
            (debit, subtotal - discount + shipping + tax),
            (Accounts.DiscountsGiven, discount),
            (Accounts.SalesRevenue, -subtotal),
            (Accounts.ShippingRevenue, -shipping),
            (Accounts.TaxPayable, -tax));

    /// <summary>A capture after the sale was recorded (staff, the provider's webhook, a partial capture at checkout): the provider now holds what the customer owed.</summary>
    public static JournalEntry PaymentCaptured(Guid orderId, string currency, long amount, DateTimeOffset at) =>
        JournalEntry.Create(PaymentCapturedKind, orderId, currency, at, null,
            (Accounts.PaymentsClearing, amount),
            (Accounts.AccountsReceivable, -amount));
}

/// <summary>The journal entries of what happens to an order's money after the sale.</summary>
public static class AfterSaleEntries
{
    /// <summary>Money back to the customer: revenue and the tax on it are reduced; the provider holds less.</summary>
    public static JournalEntry Refund(Guid orderId, string currency, long amount, long taxPart, DateTimeOffset at, string? memo) =>
        JournalEntry.Create("refund", orderId, currency, at, memo,
            (Accounts.Refunds, amount - taxPart), (Accounts.TaxPayable, taxPart), (Accounts.PaymentsClearing, -amount));

    /// <summary>A cancelled order nothing was captured for: the sale is undone line by line.</summary>
    public static JournalEntry SaleReversed(Guid orderId, string currency, long subtotal, long discount, long shipping, long tax, DateTimeOffset at) =>
        JournalEntry.Create("order_cancelled", orderId, currency, at, null,
            (Accounts.AccountsReceivable, -(subtotal - discount + shipping + tax)), (Accounts.DiscountsGiven, -discount),
            (Accounts.SalesRevenue, subtotal), (Accounts.ShippingRevenue, shipping), (Accounts.TaxPayable, tax));

    /// <summary>What a cancelled, partly captured order will never collect: written off against revenue and tax.</summary>
    public static JournalEntry ReceivableWrittenOff(Guid orderId, string currency, long amount, long taxPart, DateTimeOffset at) =>
        JournalEntry.Create("order_cancelled", orderId, currency, at, "uncaptured remainder",
            (Accounts.Refunds, amount - taxPart), (Accounts.TaxPayable, taxPart), (Accounts.AccountsReceivable, -amount));

    /// <summary>
    /// A cancelled order: the refund of what was captured and not yet refunded (if any), then the sale undone when nothing
    /// was captured, or what never will be collected written off.
    /// </summary>
    public static IEnumerable<JournalEntry> Cancellation(Guid orderId, string currency, long subtotal, long discount, long shipping, long tax,
        long total, long captured, long refunded, DateTimeOffset at)
    {
        if (refunded > 0) yield return Refund(orderId, currency, refunded, TaxShare(refunded, tax, total), at, "cancellation");
        if (captured == 0) yield return SaleReversed(orderId, currency, subtotal, discount, shipping, tax, at);
        else if (total - captured > 0) yield return ReceivableWrittenOff(orderId, currency, total - captured, TaxShare(total - captured, tax, total), at);
    }

    /// <summary>The share of <paramref name="amount"/> that is tax, in the order's proportion (rounded half up).</summary>
    public static long TaxShare(long amount, long orderTax, long orderTotal) =>
        orderTotal == 0 ? 0 : (long)(((Int128)amount * orderTax * 2 + orderTotal) / (2 * (Int128)orderTotal));
}
