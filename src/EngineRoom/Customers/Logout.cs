using System.ComponentModel.DataAnnotations;
using EngineRoom.Customers.Tokens;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers;

/// <summary>Ends a sign-in: revokes every refresh token of its family, and its access tokens stop working (SessionValidity).</summary>
internal static class Logout
{
    public sealed record Request([Required, MaxLength(200)] string RefreshToken);

    public static RouteHandlerBuilder MapLogout(this RouteGroupBuilder auth) =>
        auth.MapPost("/logout", Handle).WithName(nameof(Logout))
            .WithSummary("Sign out: end the session");

    private static async Task<NoContent> Handle(Request request, EngineRoomDb db, SessionValidity sessions, TimeProvider clock, CancellationToken ct)
    {
        var hash = TokenIssuer.Hash(request.RefreshToken);
        var familyId = await db.RefreshTokens.Where(t => t.TokenHash == hash).Select(t => (Guid?)t.FamilyId).SingleOrDefaultAsync(ct);
        if (familyId is { } family) await RefreshAccessToken.RevokeFamilyAsync(db, sessions, family, clock.GetUtcNow(), ct);
        return TypedResults.NoContent(); // the same for an unknown token: nothing to reveal
    }
}
