using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Ledger;

/// <summary>The trial balance: each account's debits, credits and balance per currency as of a moment. Every currency totals zero.</summary>
internal static class GetLedgerBalances
{
    /// <param name="NormalBalance"><c>debit</c> or <c>credit</c>: the side this account's balance normally sits on.</param>
    /// <param name="Balance">Debit minus credit: positive is a net debit, negative a net credit.</param>
    public sealed record AccountBalance(string Account, string? NormalBalance, Money Debit, Money Credit, Money Balance);

    /// <param name="Total">Debits minus credits over every account; zero when the ledger balances.</param>
    public sealed record CurrencyTotal(string Currency, Money Debit, Money Credit, Money Total);

    public sealed record Response(DateTimeOffset AsOf, string SignConvention, bool Balanced, IReadOnlyList<AccountBalance> Accounts, IReadOnlyList<CurrencyTotal> Totals);

    private const string SignConvention =
        "balance = debit - credit. Debit-normal accounts (assets, contra-revenue) normally have a positive balance, " +
        "credit-normal accounts (revenue, liabilities) a negative one. Each currency's total is zero.";

    public static RouteHandlerBuilder MapGetLedgerBalances(this RouteGroupBuilder ledger) =>
        ledger.MapGet("/balances", Handle).WithName(nameof(GetLedgerBalances))
            .WithSummary("Ledger balances per account (the trial balance)");

    private static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(
        EngineRoomDb db, TimeProvider clock, string? asOf, string? currency, CancellationToken ct)
    {
        if (LedgerInput.Instant("asOf", asOf, out var at) is { } badAsOf) return badAsOf;
        if (LedgerInput.Currency(currency, out var code) is { } badCurrency) return badCurrency;
        var until = at ?? clock.GetUtcNow();

        var postings = from p in db.Postings
                       join e in db.JournalEntries on p.EntryId equals e.Id
                       where e.At <= until
                       select p;
        if (code is not null) postings = postings.Where(p => p.Currency == code);
        var rows = await postings.GroupBy(p => new { p.Account, p.Currency })
            .Select(g => new { g.Key.Account, g.Key.Currency, Debit = g.Sum(p => p.Amount > 0 ? p.Amount : 0L), Credit = g.Sum(p => p.Amount < 0 ? -p.Amount : 0L) })
            .ToListAsync(ct);

        var accounts = rows.OrderBy(r => r.Currency, StringComparer.Ordinal).ThenBy(r => r.Account, StringComparer.Ordinal)
            .Select(r => new AccountBalance(r.Account, Accounts.NormalBalanceOf(r.Account),
                new Money(r.Debit, r.Currency), new Money(r.Credit, r.Currency), new Money(r.Debit - r.Credit, r.Currency)))
            .ToList();
        var totals = rows.GroupBy(r => r.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var (debit, credit) = (g.Sum(r => r.Debit), g.Sum(r => r.Credit));
            return new CurrencyTotal(g.Key, new Money(debit, g.Key), new Money(credit, g.Key), new Money(debit - credit, g.Key));
        }).ToList();
        return TypedResults.Ok(new Response(until, SignConvention, totals.All(t => t.Total.Amount == 0), accounts, totals));
    }
}
