using EngineRoom.Carts;
using EngineRoom.Orders;
using GraphQL;
using GraphQL.Types;

namespace EngineRoom.GraphQL;

internal sealed class OrderType : ObjectGraphType<OrderDto>
{
    public OrderType()
    {
        Name = "Order";
        Interface<NodeInterface>();
        IsTypeOf = o => o is OrderDto;
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => GlobalId.Of("Order", c.Source.Id));
        Field<NonNullGraphType<StringGraphType>>("restId").Description("The id the REST API uses.").Resolve(c => c.Source.Id.ToString());
        Field(o => o.Status).Description("placed, paid, partially_refunded, ... as in REST.");
        Field(o => o.Email);
        Field(o => o.Currency);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrderLineType>>>>("lines").Cost(list: 10).Resolve(c => c.Source.Lines);
        this.Money(("subtotal", o => o.Subtotal), ("discount", o => o.Discount), ("shipping", o => o.Shipping), ("tax", o => o.Tax), ("total", o => o.Total));
        Field<AddressType>("shippingAddress").Resolve(c => c.Source.ShippingAddress);
        Field(o => o.ShippingMethod, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("discountCodes").Resolve(c => c.Source.DiscountCodes);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("placedAt").Resolve(c => c.Source.PlacedAt);
        Field(o => o.OrderToken, nullable: true).Description("Set only in a guest's checkout answer: send it as the Order-Token header to read the order again.");
    }
}

internal sealed class OrderLineType : ObjectGraphType<OrderLineDto>
{
    public OrderLineType()
    {
        Name = "OrderLine";
        Field(l => l.Sku);
        Field(l => l.Name);
        Field(l => l.VariantName, nullable: true);
        Field(l => l.Quantity);
        this.Money(("unitPrice", l => l.UnitPrice), ("subtotal", l => l.Subtotal), ("discount", l => l.Discount), ("tax", l => l.Tax), ("total", l => l.Total));
        Field<ProductType>("product").Description("The product now sold under this SKU, if it still is.")
            .Resolve(c => ProductOfSku(c, c.Source.Sku, c.Source.UnitPrice.Currency));
    }

    /// <summary>Two batches for any number of lines: SKU to product id, then the products.</summary>
    public static object ProductOfSku(IResolveFieldContext c, string sku, string currency)
    {
        var loaders = c.Service<Loaders>();
        return loaders.ProductOfSku.Load(sku).Then(id => id == 0 ? null
            : loaders.Products.Load(new(id, currency)).Then(p => p is null ? null : new ProductNode(p, currency)));
    }
}

internal static class MoneyFields
{
    /// <summary>Money fields, non-null, of a DTO: orders and carts, and their lines, carry the same totals.</summary>
    public static void Money<T>(this ObjectGraphType<T> type, params (string Name, Func<T, Common.Money> Read)[] fields)
    {
        foreach (var (name, read) in fields) type.Field<NonNullGraphType<MoneyType>>(name).Resolve(c => read(c.Source));
    }
}

internal sealed class OrderConnectionType() : ConnectionType<OrderType, OrderDto>("Order");

internal sealed class CartType : ObjectGraphType<CartDto>
{
    public CartType()
    {
        Name = "Cart";
        Interface<NodeInterface>();
        IsTypeOf = o => o is CartDto;
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => GlobalId.Of("Cart", c.Source.Id));
        Field<NonNullGraphType<StringGraphType>>("restId").Description("The id the REST API uses; a guest cart is reachable by it alone.").Resolve(c => c.Source.Id);
        Field(x => x.Status);
        Field(x => x.Currency);
        Field(x => x.Email, nullable: true);
        Field<AddressType>("shippingAddress").Resolve(c => c.Source.ShippingAddress);
        Field(x => x.ShippingMethod, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("discountCodes").Resolve(c => c.Source.DiscountCodes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CartLineType>>>>("lines").Cost(list: 10).Resolve(c => c.Source.Lines);
        this.Money(("subtotal", o => o.Subtotal), ("discount", o => o.Discount), ("shipping", o => o.Shipping), ("tax", o => o.Tax), ("total", o => o.Total));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("unavailable").Resolve(c => c.Source.Unavailable);
    }
}

internal sealed class CartLineType : ObjectGraphType<CartLineDto>
{
    public CartLineType()
    {
        Name = "CartLine";
        Field(l => l.Sku);
        Field(l => l.Name);
        Field(l => l.VariantName, nullable: true);
        Field(l => l.Quantity);
        this.Money(("unitPrice", l => l.UnitPrice), ("subtotal", l => l.Subtotal), ("discount", l => l.Discount), ("tax", l => l.Tax), ("total", l => l.Total));
        Field<ProductType>("product").Resolve(c => OrderLineType.ProductOfSku(c, c.Source.Sku, c.Source.UnitPrice.Currency));
    }
}

internal sealed class CartPayloadType : ObjectGraphType<Payload<CartDto>>
{
    public CartPayloadType()
    {
        Name = "CartPayload";
        Field<CartType>("cart").Resolve(c => c.Source.Value);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("userErrors").Resolve(c => c.Source.UserErrors);
    }
}

internal sealed class OrderPayloadType : ObjectGraphType<Payload<OrderDto>>
{
    public OrderPayloadType()
    {
        Name = "OrderPayload";
        Field<OrderType>("order").Resolve(c => c.Source.Value);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("userErrors").Resolve(c => c.Source.UserErrors);
    }
}
