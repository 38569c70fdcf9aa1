using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;
using EngineRoom.Customers.Tokens;
using EngineRoom.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Customers.Accounts;

/// <summary>
/// The link mailed to an address proves it: the account's own email becomes verified, or (after <see cref="ChangeEmail"/>)
/// the account switches to the new address, the old one is told, and every session ends (tokens carry the email).
/// </summary>
internal static class VerifyEmail
{
    public sealed record Request([Required, PlainEmail, MaxLength(254)] string Email, [Required, MaxLength(100)] string Token);

    public static RouteHandlerBuilder MapVerifyEmail(this RouteGroupBuilder auth) =>
        auth.MapPost("/verify-email", Handle).WithName(nameof(VerifyEmail)).WithSummary("Verifies an email address with the token from its link");

    /// <summary>Adds a verification token and its mail for <paramref name="email"/> to the unit of work.</summary>
    public static void Send(EngineRoomDb db, IAccountMail mail, CustomerOptions options, Account account, string purpose, string email, DateTimeOffset now)
    {
        var lifetime = TimeSpan.FromHours(options.EmailVerificationHours);
        var secret = AccountToken.Issue(db, account.Id, purpose, email, now, lifetime);
        mail.VerifyEmail(db, new AccountMailRecipient(account.Id, Emails.Clean(email), account.Name),
            CustomerOptions.Link(options.VerifyEmailUrl, Emails.Clean(email), secret), now + lifetime);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(Request request, EngineRoomDb db,
        [FromServices] IAccountMail mail, SessionValidity sessions, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var token = await AccountToken.ConsumeAsync(db, [AccountToken.VerifyEmail, AccountToken.ChangeEmail], request.Token, request.Email, now, ct);
        var account = token is null ? null : await db.Accounts.SingleOrDefaultAsync(a => a.Id == token.AccountId && a.DisabledAt == null, ct);
        if (token is null || account is null) return Invalid();

        if (token.Purpose == AccountToken.VerifyEmail)
        {
            // Proves only the address the account has now: a link for an earlier address is void.
            if (Emails.Normalize(token.Email) != account.NormalizedEmail) return Invalid();
            account.VerifyEmail(now);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return TypedResults.NoContent();
        }

        var old = account.Recipient();
        account.ChangeEmail(token.Email, now);
        mail.EmailChanged(db, old, account.Email);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { return Problems.Conflict("email_taken", "Another account has this email now; the change was not made."); }
        await AccountToken.VoidAsync(db, account.Id, AccountToken.ChangeEmail, now, ct);
        await AccountToken.VoidAsync(db, account.Id, AccountToken.VerifyEmail, now, ct);
        await AccountSessions.RevokeRefreshTokensAsync(db, account.Id, now, ct);
        await tx.CommitAsync(ct);
        sessions.AccountChanged(account.Id, account.SecurityStamp);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult Invalid() => Problems.Create(StatusCodes.Status400BadRequest, "verification_token_invalid",
        "This verification link is not valid: it may have expired, been used already, or be for another address. Ask for a new one.");
}
