using EngineRoom.Common;

namespace EngineRoom.Orders;

public enum PaymentStatus { Authorized, Captured, PartiallyRefunded, Refunded, Voided }
public enum FulfillmentStatus { Unfulfilled, PartiallyFulfilled, Fulfilled, Shipped, Delivered }
public enum OrderAction { Capture, Void, Cancel, Refund, Fulfil, Ship, Deliver, RequestReturn }

/// <summary>
/// The order state machine. An order's headline status is derived from its payment status, its fulfilment status
/// and whether it was cancelled (so "shipped" and "partially refunded" can both be true); this table says which
/// actions each headline status allows. <see cref="Order"/>'s methods check it (and their own rules) before changing
/// anything; anything else is 409 <c>invalid_transition</c> naming both states.
/// docs/orders.md has the same table for readers.
/// </summary>
public static class OrderLifecycle
{
    public static readonly IReadOnlyDictionary<OrderStatus, OrderAction[]> Allowed = new Dictionary<OrderStatus, OrderAction[]>
    {
        [OrderStatus.PendingPayment] = [],
        [OrderStatus.Authorized] = [OrderAction.Capture, OrderAction.Void, OrderAction.Cancel],
        [OrderStatus.Paid] = [OrderAction.Cancel, OrderAction.Refund, OrderAction.Fulfil],
        [OrderStatus.PartiallyRefunded] = [OrderAction.Cancel, OrderAction.Refund, OrderAction.Fulfil],
        [OrderStatus.PartiallyFulfilled] = [OrderAction.Refund, OrderAction.Fulfil],
        [OrderStatus.Fulfilled] = [OrderAction.Refund, OrderAction.Ship],
        [OrderStatus.Shipped] = [OrderAction.Refund, OrderAction.Deliver],
        [OrderStatus.Delivered] = [OrderAction.Refund, OrderAction.RequestReturn],
        [OrderStatus.Refunded] = [],
        [OrderStatus.Cancelled] = [],
    };

    /// <summary>Where an action leads, for the answer to an illegal one.</summary>
    public static OrderStatus Target(OrderAction action) => action switch
    {
        OrderAction.Capture => OrderStatus.Paid,
        OrderAction.Void or OrderAction.Cancel => OrderStatus.Cancelled,
        OrderAction.Refund => OrderStatus.Refunded,
        OrderAction.Fulfil => OrderStatus.Fulfilled,
        OrderAction.Ship => OrderStatus.Shipped,
        OrderAction.Deliver or OrderAction.RequestReturn => OrderStatus.Delivered,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public static OrderStatus Headline(bool cancelled, PaymentStatus payment, FulfillmentStatus fulfilment) => (cancelled, payment, fulfilment) switch
    {
        (true, _, _) => OrderStatus.Cancelled,
        (_, PaymentStatus.Refunded, _) => OrderStatus.Refunded,
        (_, _, FulfillmentStatus.Delivered) => OrderStatus.Delivered,
        (_, _, FulfillmentStatus.Shipped) => OrderStatus.Shipped,
        (_, _, FulfillmentStatus.Fulfilled) => OrderStatus.Fulfilled,
        (_, _, FulfillmentStatus.PartiallyFulfilled) => OrderStatus.PartiallyFulfilled,
        (_, PaymentStatus.PartiallyRefunded, _) => OrderStatus.PartiallyRefunded,
        (_, PaymentStatus.Captured, _) => OrderStatus.Paid,
        _ => OrderStatus.Authorized,
    };

    /// <summary>The answer to an action the status does not allow: 409 <c>invalid_transition</c> naming both states.</summary>
    public static BusinessRuleException InvalidTransition(OrderStatus from, OrderAction action)
    {
        var to = Target(action);
        return new BusinessRuleException("invalid_transition",
            $"An order that is {OrderDto.StatusName(from)} cannot be {Verb(action)} (to {OrderDto.StatusName(to)}).")
        {
            Extensions = new Dictionary<string, object?> { ["from"] = OrderDto.StatusName(from), ["to"] = OrderDto.StatusName(to), ["action"] = Verb(action) },
        };
    }

    private static string Verb(OrderAction action) => action switch
    {
        OrderAction.Capture => "captured", OrderAction.Void => "voided", OrderAction.Cancel => "cancelled", OrderAction.Refund => "refunded",
        OrderAction.Fulfil => "fulfilled", OrderAction.Ship => "shipped", OrderAction.Deliver => "delivered", _ => "returned",
    };
}
