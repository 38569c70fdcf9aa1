using Microsoft.AspNetCore.Cors.Infrastructure;

namespace EngineRoom.Common;

/// <summary>
/// Browser storefronts and back offices on other origins. <c>Cors:StoreOrigins</c> opens /store and /auth (and, as
/// they come, the store's other public routes) to the listed origins; <c>Cors:AdminOrigins</c> opens /admin to its
/// own, separate list. None by default. Callers authenticate with bearer tokens, not cookies, so credentials are never
/// allowed; "*" is accepted for the store API only, never for /admin.
/// </summary>
internal sealed class EngineRoomCors : ICorsPolicyProvider
{
    private static readonly string[] RequestHeaders = ["Authorization", "Content-Type", "Idempotency-Key", "Order-Token", "Checkout-Token"];
    private static readonly string[] ResponseHeaders = ["Location", "Retry-After", "Idempotent-Replayed"];
    private readonly CorsPolicy? _store;
    private readonly CorsPolicy? _admin;

    public EngineRoomCors(IConfiguration config)
    {
        _store = Policy(Origins(config["Cors:StoreOrigins"], "Cors:StoreOrigins", allowAny: true));
        _admin = Policy(Origins(config["Cors:AdminOrigins"], "Cors:AdminOrigins", allowAny: false));
    }

    public Task<CorsPolicy?> GetPolicyAsync(HttpContext http, string? policyName)
    {
        var path = http.Request.Path;
        return Task.FromResult(
            path.StartsWithSegments("/admin") ? _admin
            : path.StartsWithSegments("/store") || path.StartsWithSegments("/auth") || path.StartsWithSegments("/graphql") ? _store
            : null);
    }

    private static string[] Origins(string? configured, string key, bool allowAny)
    {
        var origins = (configured ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var origin in origins)
        {
            if (origin == "*" && allowAny) continue;
            if (origin == "*" || !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
                || uri.AbsolutePath != "/" || origin.EndsWith('/') || uri.Query.Length > 0)
                throw new InvalidOperationException($"{key} has '{origin}': list origins such as https://shop.example.com (scheme, host, optional port; no path)"
                    + (allowAny ? ", or *." : "; * is not allowed for /admin."));
        }
        return origins;
    }

    private static CorsPolicy? Policy(string[] origins)
    {
        if (origins.Length == 0) return null;
        var policy = new CorsPolicyBuilder().WithHeaders(RequestHeaders).WithExposedHeaders(ResponseHeaders)
            .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE").SetPreflightMaxAge(TimeSpan.FromMinutes(10));
        return (origins.Contains("*") ? policy.AllowAnyOrigin() : policy.WithOrigins(origins)).Build();
    }
}
