using EngineRoom.Data;

namespace EngineRoom.Carts;

/// <summary>What checkout does to a cart: closes it, once, inside the order's transaction.</summary>
public static class CartCompletion
{
    /// <summary>One statement of the checkout's record batch; <see cref="CartClosing.Closed"/> is false when the cart was already closed.</summary>
    public static CartClosing Complete(SqlBatch batch, string cartId, Guid orderId, DateTimeOffset now) =>
        new(batch.Add("""
            UPDATE carts_carts SET "Status" = {2}, "OrderId" = {1}, "UpdatedAt" = {3} WHERE "Id" = {0} AND "Status" = {4}
            """, cartId, orderId, nameof(CartStatus.CheckedOut), now, nameof(CartStatus.Open)));

    public sealed class CartClosing(SqlBatch.Statement update)
    {
        public bool Closed => update.RowsAffected == 1;
    }
}
