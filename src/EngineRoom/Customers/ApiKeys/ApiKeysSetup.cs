using Microsoft.AspNetCore.Authentication;
using EngineRoom.Common;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EngineRoom.Customers.ApiKeys;

/// <summary>Settings under <c>ApiKeys</c>.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Requests per minute per key, per instance (429 <c>too_many_attempts</c> with Retry-After beyond it).</summary>
    public int RequestsPerMinute { get; set; } = 600;
}

internal static class ApiKeysSetup
{
    private const string OpenApiScheme = "ApiKey";

    public static IServiceCollection AddApiKeys(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<ApiKeyOptions>(config.GetSection("ApiKeys"));
        // The reference at /docs shows, next to the bearer token, the one scope an API key needs for each operation it may call.
        services.Configure<OpenApiOptions>("v1", o =>
        {
            o.AddBearerScheme(OpenApiScheme, "er_...",
                "An API key from POST /admin/api-keys (admins). Its scopes name what it may call: {area}:read for GET, {area}:write for the rest.");
            o.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<ApiKeyArea>().LastOrDefault() is { } area && context.Description.HttpMethod is { } method)
                    (operation.Security ??= []).Add(new OpenApiSecurityRequirement
                    {
                        [new OpenApiSecuritySchemeReference(OpenApiScheme, context.Document)] = [ApiScopes.Needed(area.Area, method)],
                    });
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>The default scheme becomes a selector: <c>Bearer er_...</c> goes to the API key handler, anything else to <paramref name="otherwise"/>.</summary>
    public static AuthenticationBuilder AddApiKeyScheme(this AuthenticationBuilder auth, string otherwise) =>
        auth.AddPolicyScheme(ApiKeyAuthentication.Selector, "Bearer token or API key",
                o => o.ForwardDefaultSelector = http => ApiKeyAuthentication.Presented(http.Request) is null ? otherwise : ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
}
