using EngineRoom.Customers;
using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;

namespace EngineRoom.GraphQL;

/// <summary>GraphQL at /graphql over the same handlers as REST (docs/graphql.md, docs/decisions/0017).</summary>
public static class GraphQLModule
{
    public static IServiceCollection AddEngineRoomGraphQL(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<GraphQLOptions>().BindConfiguration("GraphQL");
        services.AddSingleton<CostBudget>().AddSingleton<PersistedQueries>().AddSingleton<MutationLimits>().AddSingleton<ValidatedDocuments>().AddSingleton<GraphQLEndpoint>().AddScoped<Loaders>();
        StoreSchema.AddClosedGenerics(services);
        services.AddGraphQL(b => b
            .AddSchema<StoreSchema>()
            .AddGraphTypes(typeof(StoreSchema).Assembly)
            .AddSystemTextJson()
            .AddErrorInfoProvider<GraphQLErrors>()
            // One DbContext per request, so fields run one at a time; batching, not parallelism, keeps the statement count down.
            .AddExecutionStrategy<SerialExecutionStrategy>(OperationType.Query));
        return services;
    }

    public static IEndpointRouteBuilder MapEngineRoomGraphQL(this IEndpointRouteBuilder app)
    {
        // Anonymous at the endpoint, the REST policies field by field inside; a bearer token that is sent must be valid.
        // Not in the OpenAPI document: the schema (SDL) describes it.
        app.MapPost("/graphql", (HttpContext http, GraphQLEndpoint endpoint) => endpoint.HandleAsync(http))
            .AllowGuestsOrCustomers().ExcludeFromDescription().WithName("GraphQL");
        app.MapGet("/graphql", (HttpContext http, GraphQLEndpoint endpoint) => endpoint.HandleAsync(http))
            .AllowGuestsOrCustomers().ExcludeFromDescription().WithName("GraphQLGet");
        return app;
    }
}
