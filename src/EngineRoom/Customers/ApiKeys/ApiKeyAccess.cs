using System.Security.Claims;
using EngineRoom.Common;
using Microsoft.AspNetCore.Authorization;

namespace EngineRoom.Customers.ApiKeys;

/// <summary>
/// Where an API key may go. A key is a credential for the admin areas only: a route group opens itself to keys of one
/// area with <see cref="AllowApiKeys{TBuilder}"/>, and the staff policy then lets a key in when one of its scopes covers
/// the area (read for GET/HEAD, write otherwise). Every other endpoint (the store, /auth, staff-only and admin-only
/// routes) refuses a key with 403 <c>api_key_not_allowed</c>, whatever its authorization says.
/// </summary>
public static class ApiKeyAccess
{
    /// <summary>The claim that holds the key's id on a principal made by <see cref="ApiKeyAuthentication"/>.</summary>
    public const string KeyIdClaim = "api_key";

    /// <summary>Declares the group's area once: staff tokens as before, and API keys with a scope of this area.</summary>
    public static TBuilder AllowApiKeys<TBuilder>(this TBuilder builder, ApiArea area) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiKeyArea(area));

    /// <summary>The id of the API key making the request, if it is one (never taken from a token's claims).</summary>
    public static Guid? TryGetApiKeyId(this ClaimsPrincipal user) =>
        user.Identities.FirstOrDefault(i => i.AuthenticationType == ApiKeyAuthentication.SchemeName) is { } key
        && Guid.TryParse(key.FindFirst(KeyIdClaim)?.Value, out var id) ? id : null;

    /// <summary>For the staff policy: an API key whose scopes cover this endpoint's area and method.</summary>
    public static bool AllowsKey(AuthorizationHandlerContext context) =>
        context.User.TryGetApiKeyId() is not null && context.Resource is HttpContext http
        && http.GetEndpoint()?.Metadata.GetMetadata<ApiKeyArea>() is { } area && ApiScopes.Allow(context.User, area.Area, http.Request.Method);

    /// <summary>After authentication: a key on an endpoint that declares no area is refused before anything else runs.</summary>
    public static IApplicationBuilder UseApiKeyBoundary(this IApplicationBuilder app) => app.Use((http, next) =>
        http.User.TryGetApiKeyId() is null || http.GetEndpoint() is not RouteEndpoint endpoint || endpoint.Metadata.GetMetadata<ApiKeyArea>() is not null
            ? next(http)
            : NotAllowed().ExecuteAsync(http));

    public static ProblemHttpResult NotAllowed() => Problems.Create(StatusCodes.Status403Forbidden, "api_key_not_allowed",
        "API keys are accepted by the admin API's areas only (catalog, inventory, orders, ...), not by the store, /auth or staff and API key management. Send a staff token, or no token, here.");

    public static ProblemHttpResult InsufficientScope(string needed) => Problems.Create(StatusCodes.Status403Forbidden, "insufficient_scope",
        $"This API key has no scope that allows this request; it needs '{needed}'.", new Dictionary<string, object?> { ["requiredScope"] = needed });
}
