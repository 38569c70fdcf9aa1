using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Customers.Accounts;

/// <summary>
/// Asks to change the signed-in account's email (the password confirms it is the owner). Nothing changes until the
/// link mailed to the new address is used (<see cref="VerifyEmail"/>); then the old address is told.
/// </summary>
internal static class ChangeEmail
{
    public sealed record Request([Required, PlainEmail, MaxLength(254)] string NewEmail, [Required, MaxLength(Passwords.MaxLength)] string Password);

    public sealed record Response(string Message);

    public static RouteHandlerBuilder MapChangeEmail(this RouteGroupBuilder me) =>
        me.MapPost("/me/email", Handle).WithName(nameof(ChangeEmail)).WithSummary("Changes my email: the new address is verified first, the old one is told").RequireRateLimiting(Tokens.AuthSetup.AuthRateLimit);

    private static async Task<Results<Accepted<Response>, NotFound, ProblemHttpResult>> Handle(Request request, ClaimsPrincipal user,
        EngineRoomDb db, IPasswordHasher<Account> hasher, [FromServices] IAccountMail mail, AccountMailLimits limits,
        IOptions<CustomerOptions> options, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var id = user.AccountId();
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (account is null) return TypedResults.NotFound();
        if (!Passwords.Verify(hasher, account, request.Password, out _)) return Problems.Validation("password", "The password is not correct.");
        var normalized = Emails.Normalize(request.NewEmail);
        if (normalized == account.NormalizedEmail) return Problems.Validation("newEmail", "This is already the account's email.");
        if (limits.Refusal(http, request.NewEmail) is { } refused) return refused;

        // A taken address gets no mail, and the caller the same answer at the same time: this does not tell who else has an account.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await AccountToken.VoidAsync(db, id, AccountToken.ChangeEmail, now, ct);
        if (!await db.Accounts.AnyAsync(a => a.NormalizedEmail == normalized, ct))
            VerifyEmail.Send(db, mail, options.Value, account, AccountToken.ChangeEmail, request.NewEmail, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await options.Value.WaitForFloorAsync(started, ct);
        return TypedResults.Accepted((string?)null, new Response(
            "A link is on its way to the new address. The email changes when it is used; until then, sign in with the current one."));
    }
}
