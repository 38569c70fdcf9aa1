using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Customers.Accounts;

/// <summary>Mails the signed-in account a new link to verify its email; earlier links stop working.</summary>
internal static class ResendVerification
{
    public static RouteHandlerBuilder MapResendVerification(this RouteGroupBuilder me) =>
        me.MapPost("/me/email/verification", Handle).WithName(nameof(ResendVerification)).WithSummary("Sends the email-verification link again");

    private static async Task<Results<Accepted, NotFound, ProblemHttpResult>> Handle(ClaimsPrincipal user, EngineRoomDb db,
        [FromServices] IAccountMail mail, AccountMailLimits limits, IOptions<CustomerOptions> options, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var id = user.AccountId();
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (account is null) return TypedResults.NotFound();
        if (account.EmailVerifiedAt is not null) return Problems.Conflict("email_already_verified", "This account's email is already verified.");
        if (limits.Refusal(http, account.Email) is { } refused) return refused;

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await AccountToken.VoidAsync(db, id, AccountToken.VerifyEmail, now, ct);
        VerifyEmail.Send(db, mail, options.Value, account, AccountToken.VerifyEmail, account.Email, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Accepted((string?)null);
    }
}
