namespace EngineRoom.Ledger;

/// <summary>The journal entries of a sale, written in the same transaction as the order that caused them.</summary>
public static class SaleEntries
{
    public const string OrderPlacedKind = "order_placed";

    /// <summary>The sale itself: the customer owes the total; revenue, shipping and tax are earned or owed; discounts given.</summary>
    public static JournalEntry OrderPlaced(Guid orderId, string currency, long subtotal, long discount, long shipping, long tax, DateTimeOffset at) =>
        JournalEntry.Create(OrderPlacedKind, orderId, currency, at, null,
            (Accounts.AccountsReceivable, subtotal - discount + shipping + tax),
            (Accounts.DiscountsGiven, discount),
            (Accounts.SalesRevenue, -subtotal),
            (Accounts.ShippingRevenue, -shipping),
            (Accounts.TaxPayable, -tax));

    /// <summary>A capture: the provider now holds the customer's money.</summary>
    public static JournalEntry PaymentCaptured(Guid orderId, string currency, long amount, DateTimeOffset at) =>
        JournalEntry.Create("payment_captured", orderId, currency, at, null,
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
