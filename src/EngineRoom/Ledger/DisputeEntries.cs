namespace EngineRoom.Ledger;

/// <summary>
/// The journal entries of a dispute (a chargeback): the provider withdraws the disputed amount when the dispute opens and
/// gives it back if we win. Lost, nothing more is written: the chargeback stays. The provider's dispute fee is not booked
/// (it is in Stripe's balance transactions, not in what EngineRoom reads).
/// </summary>
public static class DisputeEntries
{
    /// <summary>The provider withdrew <paramref name="amount"/>: a chargeback against the sale, held back from what the provider owes us.</summary>
    public static JournalEntry Opened(Guid orderId, string currency, long amount, string? reason, DateTimeOffset at) =>
        JournalEntry.Create("dispute_opened", orderId, currency, at, reason is null ? null : $"reason: {reason}",
            (Accounts.Chargebacks, amount), (Accounts.DisputedFunds, -amount));

    /// <summary>The dispute was won: the withdrawn amount is back, and the chargeback undone.</summary>
    public static JournalEntry Reinstated(Guid orderId, string currency, long amount, DateTimeOffset at) =>
        JournalEntry.Create("dispute_won", orderId, currency, at, null,
            (Accounts.DisputedFunds, amount), (Accounts.Chargebacks, -amount));
}
