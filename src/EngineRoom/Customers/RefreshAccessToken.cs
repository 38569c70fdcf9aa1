using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;
using EngineRoom.Customers.Tokens;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers;

/// <summary>Trades a refresh token for a new pair. Each refresh token works once; presenting it again revokes its family.</summary>
internal static class RefreshAccessToken
{
    public sealed record Request([Required, MaxLength(200)] string RefreshToken);

    public static RouteHandlerBuilder MapRefreshAccessToken(this RouteGroupBuilder auth) =>
        auth.MapPost("/refresh", Handle).WithName(nameof(RefreshAccessToken))
            .WithSummary("Swap a refresh token for a new token pair")
            .WithDescription("Each refresh token works once; the answer holds a new pair. A refresh token used twice ends the " +
                "whole session (401 `refresh_token_reused`).");

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Handle(
        Request request, EngineRoomDb db, TokenIssuer tokens, SessionValidity sessions, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var hash = TokenIssuer.Hash(request.RefreshToken);
        var token = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (token is null || token.RevokedAt is not null || token.ExpiresAt <= now) return Invalid();

        // The rotation is one conditional update: of two requests with the same token, exactly one wins. A family
        // is revoked when any of its tokens is, which also catches a token issued just after the revocation ran.
        var rotated = await db.RefreshTokens
            .Where(t => t.Id == token.Id && t.UsedAt == null && t.RevokedAt == null)
            .Where(t => !db.RefreshTokens.Any(o => o.FamilyId == t.FamilyId && o.RevokedAt != null))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct);
        if (rotated == 0)
        {
            await RevokeFamilyAsync(db, sessions, token.FamilyId, now, ct);
            return Problems.Create(StatusCodes.Status401Unauthorized, "refresh_token_reused",
                "This refresh token was already used; every token of its sign-in is now revoked. Sign in again.");
        }

        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == token.AccountId, ct);
        if (account is null || account.IsDisabled)
        {
            await RevokeFamilyAsync(db, sessions, token.FamilyId, now, ct);
            return Invalid();
        }
        var pair = tokens.Issue(account, token.FamilyId);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(pair);
    }

    /// <summary>Ends the sign-in: its refresh tokens now, its access tokens on this instance now and on the others within
    /// their poll interval (they read the RevokedAt set here).</summary>
    public static async Task RevokeFamilyAsync(EngineRoomDb db, SessionValidity sessions, Guid familyId, DateTimeOffset now, CancellationToken ct)
    {
        await db.RefreshTokens.Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        sessions.SessionEnded(familyId);
    }

    private static ProblemHttpResult Invalid() =>
        Problems.Create(StatusCodes.Status401Unauthorized, "invalid_refresh_token", "The refresh token is not valid. Sign in again.");
}
