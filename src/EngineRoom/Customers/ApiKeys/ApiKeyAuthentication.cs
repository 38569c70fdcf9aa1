using System.Security.Claims;
using System.Text.Encodings.Web;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Customers.ApiKeys;

/// <summary>
/// Authenticates <c>Authorization: Bearer er_...</c> with one indexed read by the key's hash on every request, so a
/// revoked key fails on the very next request on every instance (docs/decisions/0011). Expired and revoked keys fail.
/// The key's last use is written at most once a minute, by one conditional update.
/// </summary>
internal sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    /// <summary>The default scheme: sends <c>Bearer er_...</c> here and every other token to JWT bearer, as before.</summary>
    public const string Selector = "BearerOrApiKey";
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private sealed record Found(Guid Id, string Scopes, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);
    private sealed class InvalidKey() : Exception("The API key is unknown, revoked or expired.");
    private sealed class Unverifiable() : Exception("The API key could not be checked.");

    /// <summary>The bearer token when it is meant as an API key (starts with <c>er_</c>; JWTs start with <c>eyJ</c>).</summary>
    public static string? Presented(HttpRequest request) =>
        request.Headers.Authorization is { Count: 1 } header && header[0] is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && value.AsSpan(7).TrimStart().StartsWith(ApiKey.Marker, StringComparison.Ordinal) ? value[7..].Trim() : null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Presented(Request) is not { } text) return AuthenticateResult.NoResult();
        if (!ApiKey.IsWellFormed(text)) return AuthenticateResult.Fail(new InvalidKey());
        var hash = ApiKey.Hash(text);
        var now = clock.GetUtcNow();
        var db = Context.RequestServices.GetRequiredService<EngineRoomDb>();
        Found? key;
        try
        {
            key = await db.ApiKeys.AsNoTracking().Where(k => k.SecretHash == hash)
                .Select(k => new Found(k.Id, k.Scopes, k.ExpiresAt, k.RevokedAt, k.LastUsedAt)).SingleOrDefaultAsync(Context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Logger.LogWarning(e, "Could not read an API key");
            return AuthenticateResult.Fail(new Unverifiable());
        }
        if (key is null || key.RevokedAt is not null || key.ExpiresAt <= now) return AuthenticateResult.Fail(new InvalidKey());
        if (key.LastUsedAt is not { } last || now - last >= TouchInterval) await TouchAsync(db, key.Id, now);

        var claims = key.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => new Claim(ApiScopes.Claim, s))
            .Prepend(new Claim(ApiKeyAccess.KeyIdClaim, key.Id.ToString()));
        var identity = new ClaimsIdentity(claims, SchemeName, ApiKeyAccess.KeyIdClaim, "role");
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    // One conditional update: of the instances that see a stale time in the same minute, one writes, the others match nothing.
    private async Task TouchAsync(EngineRoomDb db, Guid id, DateTimeOffset now)
    {
        var stale = now - TouchInterval;
        try
        {
            await db.ApiKeys.Where(k => k.Id == id && (k.LastUsedAt == null || k.LastUsedAt <= stale))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Logger.LogWarning(e, "Could not record an API key's last use"); // bookkeeping: the request goes on
        }
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if ((await HandleAuthenticateOnceSafeAsync()).Failure is Unverifiable)
        {
            Response.Headers.RetryAfter = "1";
            await Problems.Create(StatusCodes.Status503ServiceUnavailable, "unavailable", "API keys cannot be checked right now. Try again shortly.")
                .ExecuteAsync(Context);
            return;
        }
        Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        await Problems.Create(StatusCodes.Status401Unauthorized, "invalid_api_key",
            "The API key is unknown, revoked or expired. Ask an admin for a new one.").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (Context.GetEndpoint()?.Metadata.GetMetadata<ApiKeyArea>() is not { } area) return ApiKeyAccess.NotAllowed().ExecuteAsync(Context);
        var needed = ApiScopes.Needed(area.Area, Request.Method);
        Response.Headers.WWWAuthenticate = $"Bearer error=\"insufficient_scope\", scope=\"{needed}\"";
        return ApiKeyAccess.InsufficientScope(needed).ExecuteAsync(Context);
    }
}
