using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Ledger;

/// <summary>The journal, newest first, with each entry's postings; filtered by account, kind, order, time window and currency.</summary>
internal static class ListJournalEntries
{
    public static RouteHandlerBuilder MapListJournalEntries(this RouteGroupBuilder ledger) =>
        ledger.MapGet("/entries", Handle).WithName(nameof(ListJournalEntries))
            .WithSummary("List journal entries");

    // Entry ids are UUIDv7 made from the entry's time, so id order is time order (to the millisecond) and the id alone
    // is the keyset. PostgreSQL compares uuids byte by byte and SQLite compares their canonical text: the same order.
    private static async Task<Results<Ok<Page<EntryDto>>, ProblemHttpResult>> Handle(
        EngineRoomDb db, string? account, [MaxLength(40)] string? kind, string? orderId, string? from, string? to, string? currency,
        [Range(1, 100)] int? limit, string? cursor, CancellationToken ct)
    {
        if (LedgerInput.Account(account) is { } badAccount) return badAccount;
        if (LedgerInput.Id("orderId", orderId, out var order) is { } badOrder) return badOrder;
        if (LedgerInput.Instant("from", from, out var since) is { } badFrom) return badFrom;
        if (LedgerInput.Instant("to", to, out var until) is { } badTo) return badTo;
        if (since >= until) return Problems.Validation("to", "'to' must be later than 'from'.");
        if (LedgerInput.Currency(currency, out var code) is { } badCurrency) return badCurrency;
        if (!Cursor.TryDecode<Guid?>(cursor, out var after)) return Cursor.Invalid();

        var entries = db.JournalEntries.AsNoTracking();
        if (account is not null) entries = entries.Where(e => e.Postings.Any(p => p.Account == account));
        if (kind is not null) entries = entries.Where(e => e.Kind == kind);
        if (order is { } o) entries = entries.Where(e => e.OrderId == o);
        if (since is { } f) entries = entries.Where(e => e.At >= f);
        if (until is { } t) entries = entries.Where(e => e.At < t);
        if (code is not null) entries = entries.Where(e => e.Currency == code);
        if (after is { } last) entries = entries.Where(e => e.Id.CompareTo(last) < 0);

        var take = limit ?? 50;
        var rows = await entries.Include(e => e.Postings).OrderByDescending(e => e.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Page.From(rows, take, EntryDto.From, e => Cursor.Encode<Guid?>(e.Id)));
    }
}
