using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;
using EngineRoom.Customers.Tokens;
using EngineRoom.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Customers;

/// <summary>Sign-in: email and password for an access token and a refresh token.</summary>
internal static class IssueToken
{
    /// <param name="GuestCartId">A guest cart to merge into the customer's cart at sign-in.</param>
    public sealed record Request([Required, PlainEmail, MaxLength(254)] string Email, [Required, MaxLength(Passwords.MaxLength)] string Password,
        [MaxLength(64)] string? GuestCartId = null);

    public static RouteHandlerBuilder MapIssueToken(this RouteGroupBuilder auth) =>
        auth.MapPost("/token", Handle).WithName(nameof(IssueToken))
            .WithSummary("Sign in: get an access and a refresh token")
            .WithDescription("Email and password give a 15-minute access token and a 30-day refresh token. Send `guestCartId` to " +
                "merge a guest's cart into the customer's. Repeated failures lock the account for a while.");

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Handle(
        Request request, EngineRoomDb db, IPasswordHasher<Account> hasher, TokenIssuer tokens,
        IOptions<AuthOptions> options, IGuestCartMerge carts, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var email = Account.Normalize(request.Email);
        var throttle = await db.LoginThrottles.AsNoTracking().SingleOrDefaultAsync(t => t.NormalizedEmail == email, ct);
        if (throttle?.LockedUntil > now) return AuthSetup.TooManyAttempts(response, throttle.LockedUntil.Value - now);

        var account = await db.Accounts.SingleOrDefaultAsync(a => a.NormalizedEmail == email, ct);
        if (!Passwords.Verify(hasher, account, request.Password, out var needsRehash) || account!.IsDisabled)
        {
            await RecordFailureAsync(db, email, options.Value, now, ct);
            return InvalidCredentials();
        }

        if (throttle is not null) await db.LoginThrottles.Where(t => t.NormalizedEmail == email).ExecuteDeleteAsync(ct);
        if (needsRehash) account.SetPasswordHash(hasher.HashPassword(account, request.Password));
        var pair = tokens.Issue(account, familyId: Guid.CreateVersion7(now));
        await db.SaveChangesAsync(ct);
        if (request.GuestCartId is { } guestCart) pair = pair with { CartId = await carts.MergeAsync(guestCart, account.Id, now, ct) };
        return TypedResults.Ok(pair);
    }

    public static ProblemHttpResult InvalidCredentials() =>
        Problems.Create(StatusCodes.Status401Unauthorized, "invalid_credentials", "The email or password is not correct.");

    // Counting is one statement (or an insert under the primary key), so parallel guesses cannot under-count.
    private static async Task RecordFailureAsync(EngineRoomDb db, string email, AuthOptions auth, DateTimeOffset now, CancellationToken ct)
    {
        var failures = db.LoginThrottles.Where(t => t.NormalizedEmail == email);
        if (await failures.ExecuteUpdateAsync(s => s.SetProperty(t => t.Failures, t => t.Failures + 1), ct) == 0)
        {
            db.LoginThrottles.Add(new LoginThrottle { NormalizedEmail = email, Failures = 1 });
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                await failures.ExecuteUpdateAsync(s => s.SetProperty(t => t.Failures, t => t.Failures + 1), ct);
            }
        }
        await failures.Where(t => t.Failures >= auth.LockoutFailures).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.LockedUntil, now.AddMinutes(auth.LockoutMinutes))
            .SetProperty(t => t.Failures, 0), ct);
    }
}
