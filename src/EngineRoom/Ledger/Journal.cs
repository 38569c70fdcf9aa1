using EngineRoom.Data;

namespace EngineRoom.Ledger;

/// <summary>The ledger's one append for other modules: entries made by its factories, saved with the caller's transaction.</summary>
public static class Journal
{
    public static void Append(EngineRoomDb db, params IEnumerable<JournalEntry> entries) => db.JournalEntries.AddRange(entries);

    /// <summary>The same append as two statements of the caller's batch (checkout's record): the entries, then their postings.</summary>
    public static void Append(SqlBatch batch, IReadOnlyList<JournalEntry> entries)
    {
        batch.Add($"""
            INSERT INTO ledger_journal_entries ("Id", "Kind", "OrderId", "Currency", "Memo", "At") VALUES {SqlBatch.Rows(entries.Count, 6)}
            """, entries.SelectMany(e => new object?[] { e.Id, e.Kind, e.OrderId, e.Currency, e.Memo, e.At }).ToArray());
        var postings = entries.SelectMany(e => e.Postings).ToList();
        batch.Add($"""
            INSERT INTO ledger_postings ("EntryId", "Account", "Amount", "Currency") VALUES {SqlBatch.Rows(postings.Count, 4)}
            """, postings.SelectMany(p => new object?[] { p.EntryId, p.Account, p.Amount, p.Currency }).ToArray());
    }
}
