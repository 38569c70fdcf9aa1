using System.Threading.RateLimiting;
using EngineRoom.Common;
using EngineRoom.Customers.ApiKeys;
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
        services.AddSingleton<SessionValidity>();
        services.AddHostedService<SessionValidityPoller>();

        // Bearer tokens that start with er_ are API keys (docs/decisions/0011); every other one is a JWT, as before.
        var authentication = services.AddAuthentication(ApiKeyAuthentication.Selector).AddApiKeyScheme(otherwise: JwtBearerDefaults.AuthenticationScheme);
        authentication.AddJwtBearer(options =>
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
            options.Events = new JwtBearerEvents { OnTokenValidated = CheckSessionAsync, OnChallenge = AnswerEndedSessionAsync };
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
            .AddPolicy(Policies.Customer, p => p.RequireAuthenticatedUser().RequireClaim("sub")) // an account: never an API key
            .AddPolicy(Policies.Staff, p => p.RequireAssertion(c => c.User.IsInRole(Roles.Staff) || c.User.IsInRole(Roles.Admin) || ApiKeyAccess.AllowsKey(c)))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));

        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(AuthRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                AbuseLimits.ClientOf(http),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = auth.RequestsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                await TooManyAttempts(context.HttpContext.Response, retryAfter).ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    // In the authentication handler itself, so no endpoint can skip it; a request without a token never gets here.
    private static async Task CheckSessionAsync(TokenValidatedContext context)
    {
        var http = context.HttpContext;
        var verdict = await http.RequestServices.GetRequiredService<SessionValidity>().CheckAsync(context.Principal!, http.RequestServices, http.RequestAborted);
        if (verdict == SessionValidity.Verdict.Ended) context.Fail(new SessionEndedException());
        else if (verdict == SessionValidity.Verdict.Unverifiable) context.Fail(new SessionUnverifiableException());
    }

    // The framework's challenge would be a bare 401 (made "unauthorized" by the status-code pages); these get their own code.
    private static async Task AnswerEndedSessionAsync(JwtBearerChallengeContext context)
    {
        var problem = context.AuthenticateFailure switch
        {
            SessionEndedException => Problems.Create(StatusCodes.Status401Unauthorized, "invalid_token",
                "This access token's session has ended (signed out, or the account changed). Sign in again."),
            SessionUnverifiableException => Problems.Create(StatusCodes.Status503ServiceUnavailable, "unavailable",
                "Sign-ins cannot be checked right now. Try again shortly."),
            _ => null,
        };
        if (problem is null) return;
        context.HandleResponse();
        if (problem.StatusCode == StatusCodes.Status401Unauthorized) context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        else context.Response.Headers.RetryAfter = "1";
        await problem.ExecuteAsync(context.HttpContext);
    }

    private sealed class SessionEndedException() : SecurityTokenException("The token's session has ended.");
    private sealed class SessionUnverifiableException() : SecurityTokenException("The token's session could not be checked.");

    /// <summary>429 with Retry-After, for the rate limiter and for lockout alike.</summary>
    public static ProblemHttpResult TooManyAttempts(HttpResponse response, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.Create(StatusCodes.Status429TooManyRequests, "too_many_attempts",
            $"Too many attempts. Try again in {seconds} seconds.", new Dictionary<string, object?> { ["retryAfter"] = seconds });
    }
}
