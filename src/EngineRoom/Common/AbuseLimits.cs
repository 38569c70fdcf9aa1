using System.Threading.RateLimiting;
using EngineRoom.Customers.ApiKeys;
using Microsoft.AspNetCore.RateLimiting;

namespace EngineRoom.Common;

/// <summary>Settings under <c>RateLimits</c>: requests per minute, per client address and, where named, per resource.</summary>
public sealed class RateLimitOptions
{
    public int CartsPerMinute { get; set; } = 60;
    public int BuyNowPerMinute { get; set; } = 60;
    public int DiscountCodesPerMinute { get; set; } = 30;
    public int DiscountCodesPerCartPerMinute { get; set; } = 10;
}

/// <summary>Marks a store operation that is rate limited against abuse, per client and optionally per route value.</summary>
/// <param name="PerClient">Requests per minute from one client address.</param>
/// <param name="RouteValue">The route value that names the resource (a cart id) limited on its own, if any.</param>
/// <param name="PerResource">Requests per minute against one such resource.</param>
public sealed record AbuseLimit(string Name, Func<RateLimitOptions, int> PerClient, string? RouteValue = null, Func<RateLimitOptions, int>? PerResource = null);

/// <summary>
/// Abuse limits for store operations that an anonymous caller could hammer (guessing discount codes, creating carts,
/// Buy Now with stolen tokens), on ASP.NET Core's rate limiter: its global limiter runs before any endpoint policy
/// (so Buy Now is refused before it queues for the checkout admission line), chained per client and per resource.
/// Fixed one-minute windows per instance: an attacker behind several instances gets the limit once per instance,
/// which is still a bound, and needs no shared store (docs/decisions/0007). The answer is 429 <c>too_many_attempts</c>
/// with Retry-After.
/// </summary>
internal static class AbuseLimits
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddAbuseLimits(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<RateLimitOptions>(config.GetSection("RateLimits"));
        services.Configure<RateLimiterOptions>(o => o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<HttpContext, string>(http => http.GetEndpoint()?.Metadata.GetMetadata<AbuseLimit>() is { } limit
                ? Fixed($"{limit.Name}|{ClientOf(http)}", limit.PerClient(Options(http)))
                : RateLimitPartition.GetNoLimiter("")),
            PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.GetEndpoint()?.Metadata.GetMetadata<AbuseLimit>() is { RouteValue: { } name, PerResource: { } perResource } limit
                && http.GetRouteValue(name) is string id
                    ? Fixed($"{limit.Name}|{name}:{id}", perResource(Options(http)))
                    : RateLimitPartition.GetNoLimiter("")),
            // Each API key on its own, on every endpoint it reaches (ApiKeys:RequestsPerMinute, docs/decisions/0011).
            PartitionedRateLimiter.Create<HttpContext, string>(http => http.User.TryGetApiKeyId() is { } key
                ? Fixed($"api_key|{key:N}", http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiKeyOptions>>().Value.RequestsPerMinute)
                : RateLimitPartition.GetNoLimiter(""))));
        return services;
    }

    public static RouteHandlerBuilder WithAbuseLimit(this RouteHandlerBuilder route, AbuseLimit limit) => route.WithMetadata(limit);

    private static RateLimitOptions Options(HttpContext http) =>
        http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitOptions>>().Value;

    /// <summary>The client a per-client limit counts: its address, as forwarded headers from trusted proxies give it.</summary>
    public static string ClientOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "local";

    private static RateLimitPartition<string> Fixed(string key, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, perMinute), Window = Window });
}
