using EngineRoom.Common;

namespace EngineRoom.Events;

/// <summary>A SKU and a number of its units, as events name them.</summary>
public sealed record EventLine(string Sku, int Quantity);

/// <summary>An order was recorded (paid or only authorized). Guests have no <paramref name="CustomerId"/>.</summary>
public sealed record OrderPlaced(Guid OrderId, Guid? CustomerId, Money Total, IReadOnlyList<EventLine> Lines, DateTimeOffset PlacedAt) : IIntegrationEvent
{
    public static string Name => "order.placed";
}

/// <summary>The order's total is captured: at checkout (automatic capture) or by the capture that completes it.</summary>
public sealed record OrderPaid(Guid OrderId, Guid? CustomerId, Money Total, DateTimeOffset PaidAt) : IIntegrationEvent
{
    public static string Name => "order.paid";
}

/// <summary>
/// Staff captured <paramref name="Amount"/> of the authorization (manual capture); <paramref name="TotalCaptured"/> so far.
/// The capture that completes the total also writes order.paid.
/// </summary>
public sealed record OrderCaptured(Guid OrderId, Money Amount, Money TotalCaptured, DateTimeOffset CapturedAt) : IIntegrationEvent
{
    public static string Name => "order.captured";
}

/// <summary>Cancelled (or its authorization voided): <paramref name="Refunded"/> went back to the customer, every unit was restocked.</summary>
public sealed record OrderCancelled(Guid OrderId, Money Refunded, bool Voided, DateTimeOffset CancelledAt) : IIntegrationEvent
{
    public static string Name => "order.cancelled";
}

/// <summary>
/// Money went back to the customer: <paramref name="Amount"/> now, <paramref name="TotalRefunded"/> so far. Lines are
/// empty for an amount refund; <paramref name="ReturnId"/> is set when a received return was refunded.
/// </summary>
public sealed record OrderRefunded(Guid OrderId, Money Amount, Money TotalRefunded, IReadOnlyList<EventLine> Lines, Guid? ReturnId,
    DateTimeOffset RefundedAt) : IIntegrationEvent
{
    public static string Name => "order.refunded";
}

/// <summary>Units left a stock location; <paramref name="Complete"/> once no unit is left to fulfil.</summary>
public sealed record OrderFulfilled(Guid OrderId, Guid FulfillmentId, string Location, IReadOnlyList<EventLine> Lines, bool Complete,
    string? Carrier, string? TrackingNumber, DateTimeOffset FulfilledAt) : IIntegrationEvent
{
    public static string Name => "order.fulfilled";
}

public sealed record OrderShipped(Guid OrderId, string? Carrier, string? TrackingNumber, DateTimeOffset ShippedAt) : IIntegrationEvent
{
    public static string Name => "order.shipped";
}

public sealed record OrderDelivered(Guid OrderId, DateTimeOffset DeliveredAt) : IIntegrationEvent
{
    public static string Name => "order.delivered";
}

/// <summary>A customer asked to send units back (the free-text reason stays in EngineRoom).</summary>
public sealed record ReturnRequested(Guid ReturnId, Guid OrderId, IReadOnlyList<EventLine> Lines, DateTimeOffset RequestedAt) : IIntegrationEvent
{
    public static string Name => "return.requested";
}

/// <summary>Staff received a return: its units were refunded (<paramref name="Refunded"/>) and, if <paramref name="Restocked"/>, put back on hand.</summary>
public sealed record ReturnReceived(Guid ReturnId, Guid OrderId, IReadOnlyList<EventLine> Lines, Money Refunded, bool Restocked,
    DateTimeOffset ReceivedAt) : IIntegrationEvent
{
    public static string Name => "return.received";
}

/// <summary>
/// The card holder disputed the order's payment (a chargeback), or the dispute moved on: <paramref name="Status"/> is the
/// provider's (<c>needs_response</c>, <c>under_review</c>, <c>won</c>, <c>lost</c>, <c>warning_*</c> for an inquiry),
/// <paramref name="Withdrawn"/> what the provider holds back now (nothing once won). One event per change the order records.
/// </summary>
public sealed record OrderDisputed(Guid OrderId, string DisputeId, string Status, Money Amount, Money Withdrawn, DateTimeOffset DisputedAt) : IIntegrationEvent
{
    public static string Name => "order.disputed";
}
