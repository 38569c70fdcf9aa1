using EngineRoom.Carts;
using EngineRoom.Catalog;
using EngineRoom.Common;
using EngineRoom.Customers;
using EngineRoom.Data;
using EngineRoom.Inventory;
using EngineRoom.Orders;
using EngineRoom.Pricing;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.Options;

namespace EngineRoom.GraphQL;

/// <summary>
/// The queries: each root field calls the REST handler of the same read, so filters, access rules and answers are
/// the REST API's. Staff fields check the REST group's policy first (one schema, authorization per field).
/// </summary>
internal sealed class StoreQuery : ObjectGraphType
{
    public StoreQuery()
    {
        Name = "Query";

        Field<NonNullGraphType<ProductConnectionType>>("products").Cost(page: 24)
            .Description("Published products, searched, filtered and sorted as GET /store/products.")
            .Argument<StringGraphType>("query", "Search words (REST: q).")
            .Argument<StringGraphType>("category", "A category id or slug; its subcategories are included.")
            .Argument<LongGraphType>("minPrice").Argument<LongGraphType>("maxPrice")
            .Argument<StringGraphType>("currency").Argument<BooleanGraphType>("inStock")
            .Argument<ProductSortType>("sort")
            .Argument<IntGraphType>("first", "1 to 100; 24 when left out.").Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                var (q, category, min, max, inStock, first, after) = (c.GetArgument<string?>("query"), c.GetArgument<string?>("category"),
                    c.GetArgument<long?>("minPrice"), c.GetArgument<long?>("maxPrice"), c.GetArgument<bool?>("inStock"), c.GetArgument<int?>("first"), c.GetArgument<string?>("after"));
                var currency = c.GetArgument<string?>("currency") ?? c.Service<IOptions<StoreOptions>>().Value.Currency;
                var sort = c.GetArgument<ProductSort?>("sort") is { } s ? ProductListQuery.Name(s) : null;
                if (Refused(c, InputCheck.Parameters(ListProducts.Handle, ("q", q), ("category", category), ("minPrice", min), ("maxPrice", max),
                        ("currency", currency), ("limit", first), ("cursor", after)))) return null;
                var page = c.Value<Page<ListProducts.Item>>(await ListProducts.Handle(q, category, min, max, currency, inStock, sort,
                    first, after, c.Service<EngineRoomDb>(), c.Service<IOptions<StoreOptions>>(), c.CancellationToken));
                return Slice<ProductNode>.From(page, after, p => new ProductNode(new ListedProduct(p.Id, p.Slug, p.Name,
                    p.ShortDescription, p.CategoryId, true, p.Images, p.Price?.Min.Amount, p.Price?.Max.Amount, p.InStock), currency));
            });

        Field<ProductType>("product").Description("A published product by its REST id or slug, as GET /store/products/{idOrSlug}.")
            .Argument<StringGraphType>("id", "The REST id.").Argument<StringGraphType>("slug").Argument<StringGraphType>("currency")
            .ResolveAsync(async c =>
            {
                var key = c.GetArgument<string?>("id") ?? c.GetArgument<string?>("slug");
                if (key is null && Refused(c, Problems.Validation("id", "Give the product's id or slug."))) return null;
                var currency = c.GetArgument<string?>("currency");
                if (Refused(c, InputCheck.Parameters(GetProduct.Handle, ("currency", currency)))) return null;
                var product = c.Value<GetProduct.Response>(await GetProduct.Handle(key!, currency, c.Service<EngineRoomDb>(),
                    c.Service<IOptions<StoreOptions>>(), c.CancellationToken));
                foreach (var v in product.Variants) c.Service<Loaders>().Available.Prime(v.Sku, v.Available);
                return ProductNode.From(product);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CategoryType>>>>("categories").Cost(list: 50)
            .Description("The whole category tree, parents before their children, as GET /store/categories.")
            .ResolveAsync(async c =>
            {
                var all = c.Value<Page<ListCategories.Item>>(await ListCategories.Handle(c.Service<EngineRoomDb>(), c.CancellationToken));
                return all.Items.Select(i => new CategoryNode(i.Id, i.Slug, i.Name, i.ParentId, i.Path, i.Position)).ToList();
            });

        Field<CartType>("cart").Description("A cart by its REST id: a guest's to whoever holds the id, a customer's to that customer only.")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(async c => c.Value<CartDto>(await GetCart.Handle(CartId(c.GetArgument<string>("id")), c.Caller(), c.Service<EngineRoomDb>(),
                c.Service<CartPricer>(), c.CancellationToken)));

        Field<OrderType>("order").Description("A customer's own order, or a guest's with the Order-Token header, as GET /store/orders/{id}; staff see any.")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(async c => await Nodes.OrderAsync(c, c.GetArgument<string>("id")));

        Field<NodeInterface>("node").Description("Any Product, Category, Cart or Order by its global id; what the caller may not see is null with NOT_FOUND.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await Nodes.ResolveAsync(c, c.GetArgument<string>("id")));

        Field<MeType>("me").Description("The signed-in account.").ResolveAsync(async c =>
        {
            await c.RequireAsync(Policies.Customer);
            return c.Value<GetMe.Response>(await GetMe.Handle(c.Caller(), c.Service<EngineRoomDb>(), c.CancellationToken));
        });

        Field<OrderConnectionType>("myOrders").Cost(page: 20).Description("The signed-in customer's orders, newest first.")
            .Argument<IntGraphType>("first").Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                await c.RequireAsync(Policies.Customer);
                if (Refused(c, InputCheck.Parameters(ListOrders.Handle, ("limit", c.GetArgument<int?>("first"))))) return null;
                var after = c.GetArgument<string?>("after");
                var page = c.Value<Page<OrderDto>>(await ListMyOrders.Handle(c.Caller(), c.Service<EngineRoomDb>(), c.GetArgument<int?>("first"), after, c.CancellationToken));
                return Slice<OrderDto>.From(page, after, o => o);
            });

        // Staff: the /admin groups' policy, field by field.
        Field<OrderConnectionType>("orders").Cost(page: 20).Description("Staff: all orders, as GET /admin/orders.")
            .Argument<StringGraphType>("status").Argument<StringGraphType>("email")
            .Argument<IntGraphType>("first").Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                await c.RequireAsync(Policies.Staff);
                if (Refused(c, InputCheck.Parameters(ListOrders.Handle, ("limit", c.GetArgument<int?>("first"))))) return null;
                var after = c.GetArgument<string?>("after");
                var page = c.Value<Page<OrderDto>>(await ListOrders.Handle(c.Service<EngineRoomDb>(), c.GetArgument<string?>("status"), null, null, null,
                    c.GetArgument<string?>("email"), c.GetArgument<int?>("first"), after, c.CancellationToken));
                return Slice<OrderDto>.From(page, after, o => o);
            });

        Field<InventoryConnectionType>("inventory").Cost(page: 50).Description("Staff: stock per SKU, as GET /admin/inventory.")
            .Argument<BooleanGraphType>("lowStock").Argument<IntGraphType>("first").Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                await c.RequireAsync(Policies.Staff);
                if (Refused(c, InputCheck.Parameters(ListOrders.Handle, ("limit", c.GetArgument<int?>("first"))))) return null;
                var after = c.GetArgument<string?>("after");
                var page = c.Value<Page<ListInventory.Item>>(await ListInventory.Handle(c.Service<EngineRoomDb>(), c.GetArgument<bool?>("lowStock"),
                    c.GetArgument<int?>("first"), after, c.CancellationToken));
                return Slice<ListInventory.Item>.From(page, after, i => i);
            });

        Field<DiscountConnectionType>("discounts").Cost(page: 50).Description("Staff: discounts, newest first, as GET /admin/discounts.")
            .Argument<BooleanGraphType>("active").Argument<IntGraphType>("first").Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                await c.RequireAsync(Policies.Staff);
                if (Refused(c, InputCheck.Parameters(ListOrders.Handle, ("limit", c.GetArgument<int?>("first"))))) return null;
                var after = c.GetArgument<string?>("after");
                var page = c.Value<Page<DiscountDto>>(await ListDiscounts.Handle(c.Service<EngineRoomDb>(), c.GetArgument<bool?>("active"),
                    c.GetArgument<int?>("first"), after, c.CancellationToken));
                return Slice<DiscountDto>.From(page, after, d => d);
            });
    }

    /// <summary>A cart argument is its REST id or its global id.</summary>
    public static string CartId(string id) => GlobalId.TryParse(id, out var type, out var raw) && type == "Cart" ? raw : id;

    /// <summary>Arguments refused as REST refuses them: a top-level VALIDATION_FAILED error, the field null.</summary>
    private static bool Refused(IResolveFieldContext c, ProblemHttpResult? problem) => problem is not null && c.Value<object>(problem) is null;
}
