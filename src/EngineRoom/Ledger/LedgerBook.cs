using EngineRoom.Data;

namespace EngineRoom.Ledger;

/// <summary>
/// The one way another module writes to the ledger: it appends an entry built by <see cref="SaleEntries"/> to its own
/// unit of work, so the entry commits (or not) with the business change it records.
/// </summary>
public static class LedgerBook
{
    public static void Append(EngineRoomDb db, JournalEntry entry) => db.JournalEntries.Add(entry);
}
