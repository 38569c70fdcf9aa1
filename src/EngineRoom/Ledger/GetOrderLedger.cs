using System.Text.Json;
using EngineRoom.Common;
using EngineRoom.Data;
using EngineRoom.Payments;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Ledger;

/// <summary>Everything an order moved: its entries with postings, the net per account, and the payment records beside them.</summary>
internal static class GetOrderLedger
{
    /// <param name="Net">Debit minus credit, as in the trial balance.</param>
    public sealed record AccountNet(string Account, string? NormalBalance, Money Net);

    // Signed as a person reads them: what the customer paid, still owes, the revenue earned and the tax owed are positive.
    // CustomerPaid + Receivable = Revenue + Tax for any order whose entries balance.
    /// <param name="CustomerPaid">payments_clearing net: captured minus refunded.</param>
    /// <param name="Receivable">accounts_receivable net: what is still to be captured.</param>
    /// <param name="Revenue">Sales and shipping revenue, less discounts given and refunds.</param>
    /// <param name="Tax">tax_payable owed on the order.</param>
    /// <param name="PaymentsNet">The payments table's captured minus refunded, for comparison with <c>customerPaid</c>.</param>
    public sealed record Summary(IReadOnlyList<AccountNet> Accounts, Money CustomerPaid, Money Receivable, Money Revenue, Money Tax,
        Money PaymentsNet, bool PaymentsMatchLedger);

    public sealed record PaymentFigures(string Provider, string ProviderPaymentId, string State, Money Authorized, Money Captured, Money Refunded);

    public sealed record Response(Guid OrderId, Money OrderTotal, Summary Summary, IReadOnlyList<PaymentFigures> Payments, IReadOnlyList<EntryDto> Entries);

    public static RouteHandlerBuilder MapGetOrderLedger(this RouteGroupBuilder ledger) =>
        ledger.MapGet("/orders/{id:guid}", Handle).WithName(nameof(GetOrderLedger))
            .WithSummary("An order's ledger entries");

    private static async Task<Results<Ok<Response>, NotFound>> Handle(Guid id, EngineRoomDb db, CancellationToken ct)
    {
        var entries = await db.JournalEntries.AsNoTracking().Include(e => e.Postings).Where(e => e.OrderId == id).ToListAsync(ct);
        // Oldest first, in the order they were written: entries written together share a time, their postings' ids do not.
        entries = entries.OrderBy(e => e.At).ThenBy(e => e.Postings.Select(p => p.Id).DefaultIfEmpty().Min()).ToList();
        // Every order's sale is its first entry, so the ledger alone knows the order's total and currency (and an id
        // with no sale is no order): the Ledger reads nothing of the Orders module.
        if (entries.FirstOrDefault(e => e.Kind == SaleEntries.OrderPlacedKind) is not { } sale) return TypedResults.NotFound();
        var payments = await PaymentQueries.ForOrder(db, id).OrderBy(p => p.CreatedAt).ToListAsync(ct);

        var currency = sale.Currency;
        var total = new Money(SaleEntries.TotalOf(sale), currency);
        var net = entries.SelectMany(e => e.Postings).GroupBy(p => p.Account).ToDictionary(g => g.Key, g => g.Sum(p => p.Amount), StringComparer.Ordinal);
        long Net(string account) => net.GetValueOrDefault(account);
        Money M(long amount) => new(amount, currency);
        var paymentsNet = payments.Sum(p => p.Captured - p.Refunded);
        var summary = new Summary(
            net.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => new AccountNet(n.Key, Accounts.NormalBalanceOf(n.Key), M(n.Value))).ToList(),
            CustomerPaid: M(Net(Accounts.PaymentsClearing)),
            Receivable: M(Net(Accounts.AccountsReceivable)),
            Revenue: M(-(Net(Accounts.SalesRevenue) + Net(Accounts.ShippingRevenue) + Net(Accounts.DiscountsGiven) + Net(Accounts.Refunds))),
            Tax: M(-Net(Accounts.TaxPayable)),
            PaymentsNet: M(paymentsNet),
            PaymentsMatchLedger: paymentsNet == Net(Accounts.PaymentsClearing));
        var figures = payments.Select(p => new PaymentFigures(p.Provider, p.ProviderPaymentId, JsonNamingPolicy.SnakeCaseLower.ConvertName(p.State.ToString()),
            M(p.Authorized), M(p.Captured), M(p.Refunded))).ToList();
        return TypedResults.Ok(new Response(id, total, summary, figures, entries.Select(EntryDto.From).ToList()));
    }
}
