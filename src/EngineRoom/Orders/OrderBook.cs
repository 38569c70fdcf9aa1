using EngineRoom.Data;

namespace EngineRoom.Orders;

/// <summary>The one way Checkout records a placed order (built by <see cref="Order.Place"/>): in its own unit of work.</summary>
public static class OrderBook
{
    public static void Append(EngineRoomDb db, Order order) => db.Orders.Add(order);
}
