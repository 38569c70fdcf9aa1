using EngineRoom.Common;
using EngineRoom.Data;
using EngineRoom.Payments;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Ledger;

/// <summary>
/// One UTC day's payments, three ways: what the provider says now, what our ledger's payments_clearing holds for the
/// order, and what our payments table holds. Lists every difference; balanced when there is none.
/// </summary>
internal static class ReconcilePayments
{
    public sealed record Difference(Guid? OrderId, string ProviderPaymentId, string Kind, Money? ProviderNet, Money? LedgerNet, Money? PaymentsNet);

    public sealed record CurrencyTotal(string Currency, int Payments, int Differences, Money ProviderNet, Money LedgerNet, Money PaymentsNet);

    public sealed record Response(DateOnly Date, DateTimeOffset From, DateTimeOffset To, string Provider, int PaymentsChecked, bool Balanced,
        IReadOnlyList<CurrencyTotal> Totals, IReadOnlyList<Difference> Differences);

    // How far past the day each side is looked up, so a payment authorized just before midnight and recorded just
    // after is matched rather than reported missing; far more than the seconds between authorizing and recording.
    private static readonly TimeSpan Overlap = TimeSpan.FromHours(1);

    public static RouteHandlerBuilder MapReconcilePayments(this RouteGroupBuilder ledger) =>
        ledger.MapGet("/reconciliation", Handle).WithName(nameof(ReconcilePayments))
            .WithSummary("Reconcile recorded payments with the provider");

    private static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(
        string? date, EngineRoomDb db, IPaymentProvider provider, TimeProvider clock, CancellationToken ct)
    {
        if (LedgerInput.Day("date", date, out var day) is { } badDate) return badDate;
        // The day is looked up with an hour's overlap on each side, which must stay inside DateTimeOffset's range.
        if (day is { } d && (d <= DateOnly.MinValue || d >= DateOnly.MaxValue))
            return Problems.Validation("date", "'date' must be between 0001-01-02 and 9999-12-30.");
        var reconciled = day ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-1);
        var from = new DateTimeOffset(reconciled.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var to = from.AddDays(1);
        var (lookFrom, lookTo) = (from - Overlap, to + Overlap);

        var theirs = await provider.ListPaymentsAsync(lookFrom, lookTo, ct);
        var window = PaymentQueries.ByProvider(db, provider.Name, lookFrom, lookTo);
        var ours = await window
            .Select(p => new PaymentReconciliation.OurPayment(p.OrderId, p.ProviderPaymentId, p.Currency, p.Captured - p.Refunded, p.CreatedAt))
            .ToListAsync(ct);
        // One aggregate over the ledger for the orders of those payments: the whole history, as the provider's figures are current.
        // Every entry's payments_clearing counts, whatever its kind: a sale paid at once debits it in its order_placed entry.
        var ledger = await (from p in db.Postings
                            join e in db.JournalEntries on p.EntryId equals e.Id
                            where p.Account == Accounts.PaymentsClearing && window.Any(pay => pay.OrderId == e.OrderId)
                            group p.Amount by e.OrderId into g
                            select new { OrderId = g.Key, Net = g.Sum() })
            .ToDictionaryAsync(x => x.OrderId!.Value, x => x.Net, ct);

        var lines = PaymentReconciliation.Compare(theirs, ours, ledger, from, to);
        var differences = lines.Where(l => l.Difference is not null)
            .OrderBy(l => l.Currency, StringComparer.Ordinal).ThenBy(l => l.ProviderPaymentId, StringComparer.Ordinal)
            .Select(l => new Difference(l.OrderId, l.ProviderPaymentId, l.Difference!,
                Amount(l.ProviderNet, l.Currency), Amount(l.LedgerNet, l.Currency), Amount(l.PaymentsNet, l.Currency)))
            .ToList();
        var totals = lines.GroupBy(l => l.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new CurrencyTotal(g.Key, g.Count(),
            g.Count(l => l.Difference is not null), new Money(g.Sum(l => l.ProviderNet ?? 0), g.Key),
            new Money(g.Sum(l => l.LedgerNet ?? 0), g.Key), new Money(g.Sum(l => l.PaymentsNet ?? 0), g.Key))).ToList();
        return TypedResults.Ok(new Response(reconciled, from, to, provider.Name, lines.Count, differences.Count == 0, totals, differences));
    }

    private static Money? Amount(long? amount, string currency) => amount is { } a ? new Money(a, currency) : null;
}
