using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Customers.Tokens;
using EngineRoom.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers;

/// <summary>Changes the signed-in account's password and ends all its sessions, this one included: sign in again.</summary>
internal static class ChangePassword
{
    public sealed record Request(
        [Required, MaxLength(Passwords.MaxLength)] string CurrentPassword,
        [Required, MinLength(Passwords.MinLength), MaxLength(Passwords.MaxLength)] string NewPassword);

    public static RouteHandlerBuilder MapChangePassword(this RouteGroupBuilder store) =>
        store.MapPost("/me/password", Handle).WithName(nameof(ChangePassword)).RequireRateLimiting(AuthSetup.AuthRateLimit)
            .WithSummary("Change the signed-in customer's password");

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Handle(Request request, ClaimsPrincipal user,
        EngineRoomDb db, IPasswordHasher<Account> hasher, SessionValidity sessions, TimeProvider clock, CancellationToken ct)
    {
        var id = user.AccountId();
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (account is null) return TypedResults.NotFound();
        if (!Passwords.Verify(hasher, account, request.CurrentPassword, out _))
            return Problems.Validation("currentPassword", "The current password is not correct.");

        var now = clock.GetUtcNow();
        account.ChangePassword(hasher.HashPassword(account, request.NewPassword), now);
        await using var tx = await db.Database.BeginTransactionAsync(ct); // the new password and the end of every sign-in
        await db.SaveChangesAsync(ct);
        await db.RefreshTokens.Where(t => t.AccountId == id && t.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        await tx.CommitAsync(ct);
        sessions.AccountChanged(id, account.SecurityStamp);
        return TypedResults.NoContent();
    }
}
