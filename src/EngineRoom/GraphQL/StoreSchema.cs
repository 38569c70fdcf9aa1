using EngineRoom.Carts;
using EngineRoom.Common;
using EngineRoom.Inventory;
using EngineRoom.Orders;
using EngineRoom.Pricing;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using Microsoft.Extensions.Options;

namespace EngineRoom.GraphQL;

/// <summary>One schema for store and staff, code-first; authorization per field (docs/decisions/0017). Its SDL is schema.graphql.</summary>
internal sealed class StoreSchema : Schema
{
    public StoreSchema(IServiceProvider services) : base(services)
    {
        Query = services.GetRequiredService<StoreQuery>();
        Mutation = services.GetRequiredService<StoreMutation>();
        this.RegisterType<ProductType>(); // node(id:) answers these: they must be in the schema even where no field names them
        this.RegisterType<CategoryType>();
        this.RegisterType<CartType>();
        this.RegisterType<OrderType>();
    }

    /// <summary>The generic graph types, closed: DI builds them like the others.</summary>
    public static IServiceCollection AddClosedGenerics(IServiceCollection services) => services
        .AddSingleton<EdgeType<ProductType, ProductNode>>().AddSingleton<EdgeType<OrderType, OrderDto>>()
        .AddSingleton<EdgeType<InventoryItemType, ListInventory.Item>>().AddSingleton<EdgeType<DiscountType, DiscountDto>>();
}

/// <summary>
/// Errors carry <c>extensions.code</c>: the REST problem code in capitals (NOT_FOUND, OUT_OF_STOCK), or GraphQL.NET's
/// own for a document it refuses; what a REST problem adds (the SKUs short, a decline code) sits beside it. An
/// unexpected exception is INTERNAL_ERROR with no detail. "Did you mean" suggestions are cut where they are off.
/// </summary>
internal sealed class GraphQLErrors(IOptions<GraphQLOptions> options, IHostEnvironment environment) : ErrorInfoProvider
{
    private readonly bool _suggestions = options.Value.Suggestions ?? !environment.IsProduction();

    public override ErrorInfo GetInfo(ExecutionError error)
    {
        var message = error.Message;
        if (!_suggestions) message = System.Text.RegularExpressions.Regex.Replace(message, @"\s*Did you mean .*$", "");
        var extensions = new Dictionary<string, object?>
        {
            ["code"] = error is UnhandledError ? "INTERNAL_ERROR" : error.Code ?? "GRAPHQL_ERROR",
        };
        if (error is UnhandledError) message = "An unexpected error occurred.";
        foreach (System.Collections.DictionaryEntry entry in error.Data)
            if (entry.Key is string key) extensions[key] = entry.Value;
        return new ErrorInfo { Message = message, Extensions = extensions };
    }
}
