using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;
using EngineRoom.Customers.Tokens;
using EngineRoom.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers.Accounts;

/// <summary>Sets a new password with a reset token, and ends every session of the account on every instance.</summary>
internal static class ResetPassword
{
    public sealed record Request(
        [Required, PlainEmail, MaxLength(254)] string Email,
        [Required, MaxLength(100)] string Token,
        [Required, MinLength(Passwords.MinLength), MaxLength(Passwords.MaxLength)] string NewPassword);

    public static RouteHandlerBuilder MapResetPassword(this RouteGroupBuilder auth) =>
        auth.MapPost("/password-reset/confirm", Handle).WithName(nameof(ResetPassword)).WithSummary("Sets a new password with a reset token and ends every session");

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(Request request, EngineRoomDb db,
        IPasswordHasher<Account> hasher, SessionValidity sessions, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var token = await AccountToken.ConsumeAsync(db, [AccountToken.PasswordReset], request.Token, request.Email, now, ct);
        var account = token is null ? null : await db.Accounts.SingleOrDefaultAsync(a => a.Id == token.AccountId && a.DisabledAt == null, ct);
        if (account is null) return Invalid(); // rolled back: nothing changed

        account.ChangePassword(hasher.HashPassword(account, request.NewPassword), now);
        account.VerifyEmail(now); // the link reached the address
        await db.SaveChangesAsync(ct);
        await AccountToken.VoidAsync(db, account.Id, AccountToken.PasswordReset, now, ct);
        await AccountSessions.RevokeRefreshTokensAsync(db, account.Id, now, ct);
        await db.LoginThrottles.Where(t => t.NormalizedEmail == account.NormalizedEmail).ExecuteDeleteAsync(ct); // lockout ends too
        await tx.CommitAsync(ct);
        sessions.AccountChanged(account.Id, account.SecurityStamp);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult Invalid() => Problems.Create(StatusCodes.Status400BadRequest, "reset_token_invalid",
        "This reset link is not valid: it may have expired, been used already, or belong to another address. Ask for a new one.");
}
