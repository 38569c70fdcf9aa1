using Microsoft.AspNetCore.OutputCaching;

namespace EngineRoom.Common;

/// <summary>
/// The store's catalog reads (product list, product page, categories) come from ASP.NET Core's in-memory output cache
/// for <c>Catalog:CacheSeconds</c> (default 5; 0 turns it off), keyed by path and query; signed-in callers bypass it.
/// A staff change to the catalog or to stock through this instance evicts it at once; other instances show it within
/// that time, and so do stock levels changed by sales. Checkout never reads it: it reserves against the database.
/// It lives in Common because two modules write what it shows: Catalog and Inventory both evict it.
/// </summary>
internal static class CatalogCache
{
    public const string Policy = "catalog";
    internal const string Tag = "catalog";

    public static IServiceCollection AddCatalogCache(this IServiceCollection services, IConfiguration config)
    {
        var seconds = config.GetValue("Catalog:CacheSeconds", 5);
        return services.AddOutputCache(o =>
        {
            o.SizeLimit = 32 * 1024 * 1024; // bounded: least recently used entries go first
            o.AddPolicy(Policy, b =>
            {
                if (seconds > 0) b.Expire(TimeSpan.FromSeconds(seconds)).Tag(Tag);
                else b.NoCache();
            });
        });
    }

    /// <summary>Evicts the cached catalog reads after any write through these endpoints (whatever its outcome).</summary>
    public static TBuilder EvictsCatalogCache<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            if (!HttpMethods.IsGet(context.HttpContext.Request.Method) && !HttpMethods.IsHead(context.HttpContext.Request.Method))
                await context.HttpContext.RequestServices.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(Tag, CancellationToken.None);
            return result;
        });
}
