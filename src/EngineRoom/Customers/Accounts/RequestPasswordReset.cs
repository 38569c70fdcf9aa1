using System.ComponentModel.DataAnnotations;
using EngineRoom.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Customers.Accounts;

/// <summary>Mails a single-use link to choose a new password. The answer is the same whether or not the email has an account.</summary>
internal static class RequestPasswordReset
{
    public sealed record Request([Required, PlainEmail, MaxLength(254)] string Email);

    public sealed record Response(string Message);

    public static RouteHandlerBuilder MapRequestPasswordReset(this RouteGroupBuilder auth) =>
        auth.MapPost("/password-reset", Handle).WithName(nameof(RequestPasswordReset)).WithSummary("Sends a password-reset link (the same answer whether or not the account exists)");

    private static async Task<Results<Accepted<Response>, ProblemHttpResult>> Handle(Request request, EngineRoomDb db,
        [FromServices] IAccountMail mail, AccountMailLimits limits, IOptions<CustomerOptions> options, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (limits.Refusal(http, request.Email) is { } refused) return refused;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow();
        var lifetime = TimeSpan.FromMinutes(options.Value.PasswordResetMinutes);
        var normalized = Emails.Normalize(request.Email);
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.NormalizedEmail == normalized && a.DisabledAt == null, ct);

        // Both paths run the same read and the same voiding update; only an account's path adds the insert (and its
        // flush at commit), which the answer floor below hides.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await AccountToken.VoidAsync(db, account?.Id ?? Guid.Empty, AccountToken.PasswordReset, now, ct); // one live link at a time
        if (account is not null)
        {
            var secret = AccountToken.Issue(db, account.Id, AccountToken.PasswordReset, account.Email, now, lifetime);
            mail.PasswordReset(db, account.Recipient(), CustomerOptions.Link(options.Value.PasswordResetUrl, account.Email, secret), now + lifetime);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        await options.Value.WaitForFloorAsync(started, ct); // the insert's commit costs a disk flush: answer both paths at one time
        return TypedResults.Accepted((string?)null, new Response(
            $"If an account has this email, a link to choose a new password is on its way. It works once, within {lifetime.TotalMinutes:0} minutes."));
    }
}
