namespace EngineRoom.Ledger;

/// <summary>The journal entries of a sale, written in the same transaction as the order that caused them.</summary>
public static class SaleEntries
{
    /// <summary>The sale itself: the customer owes the total; revenue, shipping and tax are earned or owed; discounts given.</summary>
    public static JournalEntry OrderPlaced(Guid orderId, string currency, long subtotal, long discount, long shipping, long tax, DateTimeOffset at) =>
        JournalEntry.Create("order_placed", orderId, currency, at, null,
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
