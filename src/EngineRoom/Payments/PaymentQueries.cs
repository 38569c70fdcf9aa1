using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Payments;

/// <summary>What other modules may read of Payments, as composable queries (the Ledger joins them to its postings).</summary>
public static class PaymentQueries
{
    public static IQueryable<Payment> ForOrder(EngineRoomDb db, Guid orderId) =>
        db.Payments.AsNoTracking().Where(p => p.OrderId == orderId);

    /// <summary>A provider's payments created in [from, to).</summary>
    public static IQueryable<Payment> ByProvider(EngineRoomDb db, string provider, DateTimeOffset from, DateTimeOffset to) =>
        db.Payments.AsNoTracking().Where(p => p.Provider == provider && p.CreatedAt >= from && p.CreatedAt < to);
}
