using EngineRoom.Data;

namespace EngineRoom.Ledger;

/// <summary>The ledger's one append for other modules: entries made by its factories, saved with the caller's transaction.</summary>
public static class Journal
{
    public static void Append(EngineRoomDb db, params IEnumerable<JournalEntry> entries) => db.JournalEntries.AddRange(entries);
}
