using EngineRoom.Common;

namespace EngineRoom.Orders;

public sealed record OrderLineDto(string Sku, string Name, string? VariantName, int Quantity, Money UnitPrice, Money Subtotal, Money Discount, Money Tax, Money Total);

/// <summary>An order as its customer (or staff) sees it. <see cref="OrderToken"/> is set only in a guest's checkout answer.</summary>
public sealed record OrderDto(
    Guid Id, string Status, string Email, string Currency, IReadOnlyList<OrderLineDto> Lines,
    Money Subtotal, Money Discount, Money Shipping, Money Tax, Money Total,
    Address? ShippingAddress, string? ShippingMethod, IReadOnlyList<string> DiscountCodes, DateTimeOffset PlacedAt, string? OrderToken = null)
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
