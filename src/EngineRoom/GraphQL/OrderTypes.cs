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
        Field<NonNullGraphType<MoneyType>>("subtotal").Resolve(c => c.Source.Subtotal);
        Field<NonNullGraphType<MoneyType>>("discount").Resolve(c => c.Source.Discount);
        Field<NonNullGraphType<MoneyType>>("shipping").Resolve(c => c.Source.Shipping);
        Field<NonNullGraphType<MoneyType>>("tax").Resolve(c => c.Source.Tax);
        Field<NonNullGraphType<MoneyType>>("total").Resolve(c => c.Source.Total);
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
        Field<NonNullGraphType<MoneyType>>("unitPrice").Resolve(c => c.Source.UnitPrice);
        Field<NonNullGraphType<MoneyType>>("subtotal").Resolve(c => c.Source.Subtotal);
        Field<NonNullGraphType<MoneyType>>("discount").Resolve(c => c.Source.Discount);
        Field<NonNullGraphType<MoneyType>>("tax").Resolve(c => c.Source.Tax);
        Field<NonNullGraphType<MoneyType>>("total").Resolve(c => c.Source.Total);
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
        Field<NonNullGraphType<MoneyType>>("subtotal").Resolve(c => c.Source.Subtotal);
        Field<NonNullGraphType<MoneyType>>("discount").Resolve(c => c.Source.Discount);
        Field<NonNullGraphType<MoneyType>>("shipping").Resolve(c => c.Source.Shipping);
        Field<NonNullGraphType<MoneyType>>("tax").Resolve(c => c.Source.Tax);
        Field<NonNullGraphType<MoneyType>>("total").Resolve(c => c.Source.Total);
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
        Field<NonNullGraphType<MoneyType>>("unitPrice").Resolve(c => c.Source.UnitPrice);
        Field<NonNullGraphType<MoneyType>>("subtotal").Resolve(c => c.Source.Subtotal);
        Field<NonNullGraphType<MoneyType>>("discount").Resolve(c => c.Source.Discount);
        Field<NonNullGraphType<MoneyType>>("tax").Resolve(c => c.Source.Tax);
        Field<NonNullGraphType<MoneyType>>("total").Resolve(c => c.Source.Total);
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
