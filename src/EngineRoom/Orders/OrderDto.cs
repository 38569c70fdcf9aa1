using System.Text.Json.Serialization;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Orders;

public sealed record OrderLineDto(string Sku, string Name, string? VariantName, int Quantity, Money UnitPrice, Money Subtotal, Money Discount, Money Tax, Money Total);

/// <summary>One parcel: what left from where, with the carrier and tracking number (given at fulfilment or at shipping).</summary>
public sealed record FulfillmentDto(Guid Id, string Location, string? Carrier, string? TrackingNumber, IReadOnlyList<FulfilledLine> Lines,
    DateTimeOffset FulfilledAt, DateTimeOffset? ShippedAt, DateTimeOffset? DeliveredAt);

/// <summary>A return the customer asked for; staff receive it by its id.</summary>
public sealed record ReturnDto(Guid Id, string Status, IReadOnlyList<FulfilledLine> Lines, string? Reason, DateTimeOffset RequestedAt,
    DateTimeOffset? ReceivedAt, bool Restocked, Money Refunded);

/// <summary>
/// An order as its customer (or staff) sees it. <see cref="OrderToken"/> is set only in a guest's checkout answer.
/// <see cref="Fulfillments"/> and <see cref="Returns"/> are on the answers about one order (its GET, staff's and the
/// customer's, and every staff action's answer), not in lists or the checkout answer.
/// </summary>
public sealed record OrderDto(
    Guid Id, string Status, string Email, string Currency, IReadOnlyList<OrderLineDto> Lines,
    Money Subtotal, Money Discount, Money Shipping, Money Tax, Money Total,
    Address? ShippingAddress, string? ShippingMethod, IReadOnlyList<string> DiscountCodes, DateTimeOffset PlacedAt, string? OrderToken = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FulfillmentDto>? Fulfillments = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ReturnDto>? Returns = null)
{
    public static OrderDto From(Order o, string? orderToken = null)
    {
        Money M(long amount) => new(amount, o.Currency);
        return new OrderDto(o.Id, StatusName(o.Status), o.Email, o.Currency,
            o.Lines.OrderBy(l => l.Id).Select(l => new OrderLineDto(l.Sku, l.Name, l.VariantName, l.Quantity, M(l.UnitPrice), M(l.Subtotal), M(l.Discount), M(l.Tax), M(l.Total))).ToList(),
            M(o.Subtotal), M(o.DiscountTotal), M(o.ShippingTotal), M(o.TaxTotal), M(o.Total),
            o.ShippingAddress, o.ShippingMethod, o.DiscountCodes, o.PlacedAt, orderToken);
    }

    /// <summary>snake_case on the wire: <c>partially_refunded</c>, as in every other code we send.</summary>
    public static string StatusName(OrderStatus status) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());
}

internal static class OrderDetails
{
    /// <summary>The order with its fulfilments (carrier and tracking) and returns.</summary>
    public static async Task<OrderDto> LoadAsync(EngineRoomDb db, Order order, CancellationToken ct)
    {
        var fulfillments = await db.Fulfillments.AsNoTracking().Where(f => f.OrderId == order.Id).OrderBy(f => f.CreatedAt).ThenBy(f => f.Id).ToListAsync(ct);
        var returns = await db.OrderReturns.AsNoTracking().Where(r => r.OrderId == order.Id).OrderBy(r => r.RequestedAt).ThenBy(r => r.Id).ToListAsync(ct);
        return OrderDto.From(order) with
        {
            Fulfillments = fulfillments.Select(f => new FulfillmentDto(f.Id, f.LocationCode, f.Carrier, f.TrackingNumber, f.Lines, f.CreatedAt, f.ShippedAt, f.DeliveredAt)).ToList(),
            Returns = returns.Select(r => new ReturnDto(r.Id, r.Status.ToString().ToLowerInvariant(), r.Lines, r.Reason, r.RequestedAt, r.ReceivedAt, r.Restocked,
                new Money(r.RefundedAmount, order.Currency))).ToList(),
        };
    }
}
