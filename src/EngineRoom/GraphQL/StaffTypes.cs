using EngineRoom.Customers;
using EngineRoom.Inventory;
using EngineRoom.Pricing;
using GraphQL.Types;

namespace EngineRoom.GraphQL;

internal sealed class InventoryItemType : ObjectGraphType<ListInventory.Item>
{
    public InventoryItemType()
    {
        Name = "InventoryItem";
        Field(i => i.Sku);
        Field(i => i.OnHand);
        Field(i => i.Reserved);
        Field(i => i.Available);
        Field(i => i.AllowBackorder);
        Field(i => i.LowStockThreshold, nullable: true);
        Field(i => i.LowStock);
    }
}

internal sealed class InventoryConnectionType() : ConnectionType<InventoryItemType, ListInventory.Item>("InventoryItem");

internal sealed class DiscountType : ObjectGraphType<DiscountDto>
{
    public DiscountType()
    {
        Name = "Discount";
        Field<NonNullGraphType<StringGraphType>>("restId").Resolve(c => c.Source.Id.ToString());
        Field(d => d.Code, nullable: true);
        Field(d => d.Name);
        Field<NonNullGraphType<StringGraphType>>("kind").Resolve(c => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(c.Source.Kind.ToString()));
        Field(d => d.PercentBps);
        Field(d => d.AmountOff);
        Field(d => d.Currency, nullable: true);
        Field(d => d.MinSubtotal);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("skus").Resolve(c => c.Source.Skus);
        Field<DateTimeOffsetGraphType>("startsAt").Resolve(c => c.Source.StartsAt);
        Field<DateTimeOffsetGraphType>("endsAt").Resolve(c => c.Source.EndsAt);
        Field(d => d.UsageLimit, nullable: true);
        Field(d => d.PerCustomerLimit, nullable: true);
        Field(d => d.TimesUsed);
        Field(d => d.Combinable);
        Field(d => d.Active);
    }
}

internal sealed class DiscountConnectionType() : ConnectionType<DiscountType, DiscountDto>("Discount");

internal sealed class MeType : ObjectGraphType<GetMe.Response>
{
    public MeType()
    {
        Name = "Me";
        Field<NonNullGraphType<StringGraphType>>("restId").Resolve(c => c.Source.Id.ToString());
        Field(m => m.Email);
        Field(m => m.Name);
        Field(m => m.Role);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt);
    }
}
