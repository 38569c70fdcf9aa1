using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Orders;

/// <summary>A line as sold: what the customer paid for its units (discount included, tax included).</summary>
public sealed record SoldLine(string Sku, long ProductId, string Name, string? VariantName, int Quantity, long Total);

/// <summary>A placed order's figures, for reporting. <paramref name="VoidedAt"/> is set when it was cancelled with nothing captured.</summary>
public sealed record PlacedOrder(Guid Id, Guid? CustomerId, string Email, string Currency, long Discount, long Shipping, long Tax, long Total,
    DateTimeOffset PlacedAt, DateTimeOffset? VoidedAt, IReadOnlyList<SoldLine> Lines);

public sealed record RecentOrder(Guid Id, long Total, string Currency, DateTimeOffset PlacedAt);

/// <summary>Orders' read-only face for reporting (Analytics): placed orders' figures, never the entity.</summary>
public static class OrderFacts
{
    public static Task<List<PlacedOrder>> FindAsync(EngineRoomDb db, IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        Project(db.Orders.Where(o => ids.Contains(o.Id))).ToListAsync(ct);

    /// <summary>The next <paramref name="take"/> orders after <paramref name="after"/>, in id order (UUIDv7: the order they were placed in).</summary>
    public static Task<List<PlacedOrder>> PageAsync(EngineRoomDb db, Guid? after, int take, CancellationToken ct)
    {
        var orders = db.Orders.AsQueryable();
        if (after is { } last) orders = orders.Where(o => o.Id.CompareTo(last) > 0);
        return Project(orders.OrderBy(o => o.Id).Take(take)).ToListAsync(ct);
    }

    public static Task<List<RecentOrder>> RecentAsync(EngineRoomDb db, int take, CancellationToken ct) =>
        db.Orders.AsNoTracking().OrderByDescending(o => o.PlacedAt).Take(take)
            .Select(o => new RecentOrder(o.Id, o.Total, o.Currency, o.PlacedAt)).ToListAsync(ct);

    private static IQueryable<PlacedOrder> Project(IQueryable<Order> orders) =>
        orders.AsNoTracking().AsSplitQuery().Select(o => new PlacedOrder(o.Id, o.CustomerId, o.Email, o.Currency, o.DiscountTotal, o.ShippingTotal,
            o.TaxTotal, o.Total, o.PlacedAt, o.PaymentStatus == PaymentStatus.Voided ? o.CancelledAt : null,
            o.Lines.OrderBy(l => l.Id).Select(l => new SoldLine(l.Sku, l.ProductId, l.Name, l.VariantName, l.Quantity, l.Total)).ToList()));
}
