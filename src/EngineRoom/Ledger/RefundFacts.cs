using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Ledger;

/// <summary>Money returned to a customer: one refund entry's amount (what left payments clearing).</summary>
public sealed record RefundFact(Guid? OrderId, string Currency, long Amount, DateTimeOffset At);

/// <summary>The ledger's read-only face for reporting (Analytics): every refund, as its entry recorded it.</summary>
public static class RefundFacts
{
    public static Task<List<RefundFact>> AllAsync(EngineRoomDb db, CancellationToken ct) =>
        (from e in db.JournalEntries.AsNoTracking()
         where e.Kind == "refund"
         from p in e.Postings
         where p.Account == Accounts.PaymentsClearing
         select new RefundFact(e.OrderId, e.Currency, -p.Amount, e.At)).ToListAsync(ct);
}
