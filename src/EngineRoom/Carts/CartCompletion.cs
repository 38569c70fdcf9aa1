using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Carts;

/// <summary>What checkout does to a cart: closes it, once, inside the order's transaction.</summary>
public static class CartCompletion
{
    public static async Task CompleteAsync(EngineRoomDb db, string cartId, Guid orderId, DateTimeOffset now, CancellationToken ct)
    {
        var closed = await db.Carts.Where(c => c.Id == cartId && c.Status == CartStatus.Open).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Status, CartStatus.CheckedOut).SetProperty(c => c.OrderId, orderId).SetProperty(c => c.UpdatedAt, now), ct);
        if (closed == 0) throw new BusinessRuleException("cart_closed", "This cart was already checked out.");
    }
}
