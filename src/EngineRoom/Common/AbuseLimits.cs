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
        services.AddSingleton<AbuseCounters>();
        services.AddOptions<RateLimiterOptions>().Configure<AbuseCounters>((o, counters) => o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
            counters.ForRequests(),
            // Each API key on its own, on every endpoint it reaches (ApiKeys:RequestsPerMinute, docs/decisions/0011).
            PartitionedRateLimiter.Create<HttpContext, string>(http => http.User.TryGetApiKeyId() is { } key
                ? Fixed($"api_key|{key:N}", http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiKeyOptions>>().Value.RequestsPerMinute)
                : RateLimitPartition.GetNoLimiter(""))));
        return services;
    }

    public static RouteHandlerBuilder WithAbuseLimit(this RouteHandlerBuilder route, AbuseLimit limit) => route.WithMetadata(limit);

    /// <summary>The client a per-client limit counts: its address, as forwarded headers from trusted proxies give it.</summary>
    public static string ClientOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "local";

    internal static RateLimitPartition<string> Fixed(string key, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, perMinute), Window = Window });
}

/// <summary>One attempt at a limited operation: the limit, the client's address and the resource it names (a cart id), if any.</summary>
internal sealed record AbuseAttempt(AbuseLimit Limit, string Client, string? Resource);

/// <summary>
/// The windows of every abuse limit on this instance, in one place: REST's rate limiter (the global limiter above) and
/// GraphQL's mutations take from the same counters, so a client gets a limit once whichever API it calls.
/// </summary>
internal sealed class AbuseCounters(Microsoft.Extensions.Options.IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<AbuseAttempt?> _limiter = PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<AbuseAttempt?, string>(a => a is { } attempt
            ? AbuseLimits.Fixed($"{attempt.Limit.Name}|{attempt.Client}", attempt.Limit.PerClient(options.Value))
            : RateLimitPartition.GetNoLimiter("")),
        PartitionedRateLimiter.Create<AbuseAttempt?, string>(a => a is { Limit.PerResource: { } perResource, Resource: { } id } attempt
            ? AbuseLimits.Fixed($"{attempt.Limit.Name}|{attempt.Limit.RouteValue}:{id}", perResource(options.Value))
            : RateLimitPartition.GetNoLimiter("")));

    /// <summary>The REST side: the endpoint's <see cref="AbuseLimit"/> metadata names the limit, its route value the resource.</summary>
    public PartitionedRateLimiter<HttpContext> ForRequests() => _limiter.WithTranslatedKey<HttpContext>(http =>
        http.GetEndpoint()?.Metadata.GetMetadata<AbuseLimit>() is { } limit
            ? new AbuseAttempt(limit, AbuseLimits.ClientOf(http), limit.RouteValue is { } name ? http.GetRouteValue(name) as string : null)
            : null, leaveOpen: true);

    /// <summary>Counts one attempt; when it is over a limit, how long until the window turns.</summary>
    public TimeSpan? TryTake(AbuseAttempt attempt)
    {
        using var lease = _limiter.AttemptAcquire(attempt);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
    }

    public void Dispose() => _limiter.Dispose();
}
