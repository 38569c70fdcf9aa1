using System.ComponentModel.DataAnnotations;
using EngineRoom.Data;
using EngineRoom.Customers.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Customers;

internal static class Register
{
    public sealed record Request(
        [Required, PlainEmail, MaxLength(254)] string Email,
        [Required, MinLength(Passwords.MinLength), MaxLength(Passwords.MaxLength)] string Password,
        [Required, MaxLength(100), PlainText] string Name);

    public sealed record Response(string Email, string Message);

    public static RouteHandlerBuilder MapRegister(this RouteGroupBuilder auth) =>
        auth.MapPost("/register", Handle).WithName(nameof(Register))
            .WithSummary("Register a customer account");

    // The answer is the same whether or not the email is taken, so registration does not reveal who has an
    // account; an existing account is left untouched (its owner signs in as before). A new account is sent a link
    // to verify its email, in the same transaction.
    private static async Task<Created<Response>> Handle(Request request, EngineRoomDb db, IPasswordHasher<Account> hasher,
        [FromServices] IAccountMail mail, IOptions<CustomerOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var normalized = Account.Normalize(request.Email);
        var account = Account.Create(request.Email, request.Name, Roles.Customer, now);
        account.SetPasswordHash(hasher.HashPassword(account, request.Password)); // hashed either way: same timing

        if (!await db.Accounts.AnyAsync(a => a.NormalizedEmail == normalized, ct))
        {
            db.Accounts.Add(account);
            VerifyEmail.Send(db, mail, options.Value, account, AccountToken.VerifyEmail, account.Email, now);
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException) { db.ChangeTracker.Clear(); } // lost a race for the same email: same answer
        }
        return TypedResults.Created("/store/me", new Response(account.Email,
            "Sign in with POST /auth/token; a link to verify the email is on its way. If this email was already registered, its account is unchanged."));
    }
}
