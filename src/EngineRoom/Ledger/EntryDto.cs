using EngineRoom.Common;

namespace EngineRoom.Ledger;

/// <summary>A posting: <c>amount</c> is signed (a debit positive, a credit negative); <c>side</c> says which, in words.</summary>
public sealed record PostingDto(string Account, string Side, Money Amount);

public sealed record EntryDto(Guid Id, string Kind, Guid? OrderId, string Currency, DateTimeOffset At, string? Memo, IReadOnlyList<PostingDto> Postings)
{
    public static EntryDto From(JournalEntry e) => new(e.Id, e.Kind, e.OrderId, e.Currency, e.At, e.Memo,
        e.Postings.OrderBy(p => p.Id).Select(p => new PostingDto(p.Account, p.Amount > 0 ? "debit" : "credit", new Money(p.Amount, p.Currency))).ToList());
}
