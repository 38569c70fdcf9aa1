using System.Security.Claims;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers.ApiKeys;

internal static class RevokeApiKey
{
    public static RouteHandlerBuilder MapRevokeApiKey(this RouteGroupBuilder apiKeys) =>
        apiKeys.MapPost("/{id:guid}/revoke", Handle).WithName(nameof(RevokeApiKey))
            .WithSummary("Revoke an API key");

    // Every request with a key reads its row, so the key fails on the next request on every instance once this commits.
    // One conditional update: revoking twice (or two admins at once) revokes and audits once, and both get the key back.
    private static async Task<Results<Ok<ApiKeyDto>, NotFound>> Handle(
        Guid id, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var by = user.TryGetAccountId();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var revoked = await db.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now).SetProperty(k => k.RevokedBy, by), ct);
        if (await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id, ct) is not { } key) return TypedResults.NotFound();
        var after = ApiKeyDto.From(key);
        if (revoked == 1)
        {
            AuditLog.Record(db, user, "api_key.revoke", "api_key", id.ToString(), after with { Revoked = false, RevokedAt = null, RevokedBy = null }, after, now);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return TypedResults.Ok(after);
    }
}
