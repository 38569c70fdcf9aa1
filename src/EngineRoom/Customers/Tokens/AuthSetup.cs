using System.Threading.RateLimiting;
using EngineRoom.Common;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace EngineRoom.Customers.Tokens;

internal static class AuthSetup
{
    public const string AuthRateLimit = "auth";

    public static IServiceCollection AddEngineRoomAuth(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        services.Configure<AuthOptions>(config.GetSection("Auth"));
        var auth = config.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        var key = AuthOptions.LoadSigningKey(config, env);
        services.AddSingleton(new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
        services.AddScoped<TokenIssuer>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = auth.Issuer,
                ValidAudience = auth.Audience,
                IssuerSigningKey = key,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ClockSkew = AuthOptions.ClockSkew,
                NameClaimType = "sub",
                RoleClaimType = "role",
            };
        });
        // Lifetime is checked against the injected TimeProvider (IdentityModel reads the wall clock otherwise).
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((options, clock) =>
            options.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return expires is { } exp && now <= exp + AuthOptions.ClockSkew
                    && (notBefore is not { } nbf || now >= nbf - AuthOptions.ClockSkew);
            });

        services.AddAuthorizationBuilder()
            // Deny by default: a route that declares nothing answers 401/403, never its content. Requests that matched
            // no route (404) or only the framework's 405/415 rejections pass, so they get their honest status.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder()
                .RequireAssertion(c => c.Resource is HttpContext http && http.GetEndpoint() is not RouteEndpoint).Build())
            .AddPolicy(Policies.Customer, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Staff, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));

        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(AuthRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = auth.RequestsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                await TooManyAttempts(context.HttpContext.Response, retryAfter).ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    /// <summary>429 with Retry-After, for the rate limiter and for lockout alike.</summary>
    public static ProblemHttpResult TooManyAttempts(HttpResponse response, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.Create(StatusCodes.Status429TooManyRequests, "too_many_attempts",
            $"Too many attempts. Try again in {seconds} seconds.", new Dictionary<string, object?> { ["retryAfter"] = seconds });
    }
}
