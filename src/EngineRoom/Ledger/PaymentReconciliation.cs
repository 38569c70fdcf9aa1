using EngineRoom.Payments;

namespace EngineRoom.Ledger;

/// <summary>
/// The comparison behind the daily reconciliation, kept free of I/O: per payment, the provider's net (captured minus
/// refunded) against our ledger's payments_clearing for its order and against our payments table.
/// </summary>
internal static class PaymentReconciliation
{
    public const string MissingInLedger = "missing_in_ledger";
    public const string MissingAtProvider = "missing_at_provider";
    public const string AmountMismatch = "amount_mismatch";

    public sealed record OurPayment(Guid OrderId, string ProviderPaymentId, string Currency, long Net, DateTimeOffset CreatedAt);

    /// <param name="Difference">Null when all three sides agree.</param>
    public sealed record Line(Guid? OrderId, string ProviderPaymentId, string Currency, long? ProviderNet, long? LedgerNet, long? PaymentsNet, string? Difference);

    /// <summary>
    /// In scope: payments the provider created in [<paramref name="from"/>, <paramref name="to"/>) and payments of ours
    /// created then, so one missing on either side still shows. The inputs may reach past the day (a payment authorized
    /// just before midnight is recorded just after), so each side is looked up beyond the day, but only judged within it.
    /// </summary>
    public static IReadOnlyList<Line> Compare(IReadOnlyList<ProviderPaymentRecord> provider, IReadOnlyList<OurPayment> ours,
        IReadOnlyDictionary<Guid, long> ledgerNetByOrder, DateTimeOffset from, DateTimeOffset to)
    {
        bool InDay(DateTimeOffset at) => at >= from && at < to;
        var theirs = provider.ToDictionary(p => p.PaymentId, StringComparer.Ordinal);
        var mine = ours.ToDictionary(p => p.ProviderPaymentId, StringComparer.Ordinal);
        var scope = provider.Where(p => InDay(p.CreatedAt)).Select(p => p.PaymentId)
            .Union(ours.Where(p => InDay(p.CreatedAt)).Select(p => p.ProviderPaymentId), StringComparer.Ordinal);

        return scope.Select(id =>
        {
            var at = theirs.GetValueOrDefault(id);
            var our = mine.GetValueOrDefault(id);
            long? providerNet = at is null ? null : at.Captured - at.Refunded;
            // Without our payment record the order is unknown, and so is its ledger: the two are written in one transaction.
            // The ledger is per order, so this assumes one payment per order, which is what checkout writes.
            long? ledgerNet = our is not null && ledgerNetByOrder.TryGetValue(our.OrderId, out var net) ? net : null;
            var difference = at is null ? MissingAtProvider
                : ledgerNet is null && providerNet != 0 ? MissingInLedger
                : (ledgerNet ?? 0) != providerNet || (our?.Net ?? 0) != providerNet || (our is not null && our.Currency != at.Currency) ? AmountMismatch
                : null;
            return new Line(our?.OrderId, id, our?.Currency ?? at!.Currency, providerNet, ledgerNet, our?.Net, difference);
        }).ToList();
    }
}
