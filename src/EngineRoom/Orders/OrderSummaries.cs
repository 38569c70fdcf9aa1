using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Orders;

/// <summary>An order as another module may read it (the Email module's order mail): the customer's view, and whether a guest placed it.</summary>
public sealed record OrderSummary(OrderDto Order, bool Guest);

public static class OrderSummaries
{
    public static async Task<OrderSummary?> FindAsync(EngineRoomDb db, Guid orderId, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == orderId, ct);
        return order is null ? null : new OrderSummary(OrderDto.From(order), order.CustomerId is null);
    }
}
