using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Audit;
using EngineRoom.Data;

namespace EngineRoom.Customers.ApiKeys;

internal static class CreateApiKey
{
    public sealed record Request(
        [Required, MaxLength(100)] string Name,
        [Required, MinLength(1), MaxLength(12), NoNullItems] string[] Scopes,
        DateTimeOffset? ExpiresAt);

    /// <summary>The only answer that carries <see cref="Key"/>: it is not stored and cannot be read again.</summary>
    public sealed record Response(Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt,
        DateTimeOffset? ExpiresAt, string Key);

    // No Idempotency-Key: a replay would need the answer, and so the key, kept on the server.
    public static RouteHandlerBuilder MapCreateApiKey(this RouteGroupBuilder apiKeys) =>
        apiKeys.MapPost("/", Handle).WithName(nameof(CreateApiKey))
            .WithSummary("Create an API key (shown once)");

    private static async Task<Results<Created<Response>, ProblemHttpResult>> Handle(
        Request request, ClaimsPrincipal user, HttpResponse http, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Name)) return Problems.Validation("name", "The name must not be blank: say who or what uses the key.");
        for (var i = 0; i < request.Scopes.Length; i++)
            if (!ApiScopes.All.Contains(request.Scopes[i]))
                return Problems.Validation($"scopes[{i}]", $"Not a scope. Scopes are: {string.Join(", ", ApiScopes.All)}.");
        var now = clock.GetUtcNow();
        if (request.ExpiresAt <= now) return Problems.Validation("expiresAt", "The expiry must be in the future (or absent: the key lasts until it is revoked).");

        var (key, text) = ApiKey.Create(request.Name, ApiScopes.Normalize(request.Scopes), request.ExpiresAt, user.TryGetAccountId(), now);
        db.ApiKeys.Add(key);
        AuditLog.Record(db, user, "api_key.create", "api_key", key.Id.ToString(), null, ApiKeyDto.From(key), now);
        await db.SaveChangesAsync(ct);
        http.Headers.CacheControl = "no-store"; // the one answer with the key: no browser, proxy or CDN may keep it
        http.Headers.Pragma = "no-cache";
        return TypedResults.Created($"/admin/api-keys/{key.Id}",
            new Response(key.Id, key.Name, key.Prefix, key.ScopeList, key.CreatedAt, key.ExpiresAt, text));
    }
}
