using EngineRoom.Carts;
using EngineRoom.Customers;
using EngineRoom.Data;
using EngineRoom.Orders;
using GraphQL;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace EngineRoom.GraphQL;

/// <summary>
/// <c>node(id:)</c>: each type found through the same read and the same access rule as its REST endpoint. What does
/// not exist and what the caller may not see answer alike: null with NOT_FOUND, as REST answers 404.
/// </summary>
internal static class Nodes
{
    public static async Task<object?> ResolveAsync(IResolveFieldContext c, string id)
    {
        if (!GlobalId.TryParse(id, out var type, out var raw)) throw Resolving.NotFound();
        var currency = c.Service<IOptions<Common.StoreOptions>>().Value.Currency;
        switch (type)
        {
            case "Product" when long.TryParse(raw, out var productId):
                var loaders = c.Service<Loaders>();
                return loaders.Products.Load(new(productId, currency)).Then(p => p is null ? throw Resolving.NotFound() : new ProductNode(p, currency));
            case "Category" when long.TryParse(raw, out var categoryId):
                return c.Service<Loaders>().Categories.Load(categoryId).Then(found => found ?? throw Resolving.NotFound());
            case "Cart":
                return c.Value<CartDto>(await GetCart.Handle(raw, c.Caller(), c.Service<EngineRoomDb>(), c.Service<CartPricer>(), c.CancellationToken));
            case "Order":
                return await OrderAsync(c, raw);
            default:
                throw Resolving.NotFound();
        }
    }

    /// <summary>Staff read any order (GET /admin/orders/{id}); others their own or a guest's with its Order-Token header (GET /store/orders/{id}).</summary>
    public static async Task<OrderDto?> OrderAsync(IResolveFieldContext c, string id)
    {
        if (GlobalId.TryParse(id, out var type, out var raw) && type == "Order") id = raw;
        if (!Guid.TryParse(id, out var orderId)) throw Resolving.NotFound();
        var db = c.Service<EngineRoomDb>();
        var staff = (await c.Service<IAuthorizationService>().AuthorizeAsync(c.Caller(), Policies.Staff)).Succeeded;
        return c.Value<OrderDto>(staff
            ? await GetOrderForStaff.Handle(orderId, db, c.CancellationToken)
            : await GetOrder.Handle(orderId, c.Caller(), c.Http().Request, db, c.CancellationToken));
    }
}
