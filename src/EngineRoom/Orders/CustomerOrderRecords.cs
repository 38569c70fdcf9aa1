using EngineRoom.Common;
using EngineRoom.Customers;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Orders;

/// <summary>Orders' answer to the customer pages and privacy requests (<see cref="ICustomerOrders"/>).</summary>
internal sealed class CustomerOrderRecords(EngineRoomDb db) : ICustomerOrders
{
    private static readonly OrderStatus[] Unshipped =
        [OrderStatus.PendingPayment, OrderStatus.Authorized, OrderStatus.Paid, OrderStatus.PartiallyFulfilled, OrderStatus.Fulfilled];

    public async Task<CustomerOrdersSummary> SummarizeAsync(Guid customerId, int recent, CancellationToken ct)
    {
        var orders = db.Orders.AsNoTracking().Where(o => o.CustomerId == customerId);
        var count = await orders.CountAsync(ct);
        var open = await orders.CountAsync(o => Unshipped.Contains(o.Status), ct);
        var totals = await orders.Where(o => o.Status != OrderStatus.Cancelled).GroupBy(o => o.Currency)
            .Select(g => new { Currency = g.Key, Sum = g.Sum(o => o.Total) }).ToListAsync(ct);
        var newest = await orders.OrderByDescending(o => o.Id).Take(recent).Select(o => new { o.Id, o.Status, o.Total, o.Currency, o.PlacedAt }).ToListAsync(ct);
        return new CustomerOrdersSummary(count, open, totals.OrderBy(t => t.Currency).Select(t => new Money(t.Sum, t.Currency)).ToList(),
            newest.Select(o => new CustomerOrderRow(o.Id, OrderDto.StatusName(o.Status), new Money(o.Total, o.Currency), o.PlacedAt)).ToList());
    }

    public async Task<IReadOnlyList<object>> ExportAsync(Guid customerId, CancellationToken ct) =>
        (await db.Orders.AsNoTracking().Include(o => o.Lines).Where(o => o.CustomerId == customerId).OrderBy(o => o.Id).AsSplitQuery().ToListAsync(ct))
            .Select(o => (object)OrderDto.From(o)).ToList();

    public async Task<int> ErasePersonalDataAsync(Guid customerId, string erasedEmail, CancellationToken ct)
    {
        var orders = await db.Orders.Where(o => o.CustomerId == customerId).ToListAsync(ct);
        foreach (var order in orders) order.ErasePersonalData(erasedEmail);
        return orders.Count;
    }
}
