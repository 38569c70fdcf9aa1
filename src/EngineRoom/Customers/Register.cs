using System.ComponentModel.DataAnnotations;
using EngineRoom.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers;

internal static class Register
{
    public sealed record Request(
        [Required, PlainEmail, MaxLength(254)] string Email,
        [Required, MinLength(Passwords.MinLength), MaxLength(Passwords.MaxLength)] string Password,
        [Required, MaxLength(100)] string Name);

    public sealed record Response(string Email, string Message);

    public static RouteHandlerBuilder MapRegister(this RouteGroupBuilder auth) =>
        auth.MapPost("/register", Handle).WithName(nameof(Register))
            .WithSummary("Register a customer account");

    // The answer is the same whether or not the email is taken, so registration does not reveal who has an
    // account; an existing account is left untouched (its owner signs in as before).
    private static async Task<Created<Response>> Handle(
        Request request, EngineRoomDb db, IPasswordHasher<Account> hasher, TimeProvider clock, CancellationToken ct)
    {
        var normalized = Account.Normalize(request.Email);
        var account = Account.Create(request.Email, request.Name, Roles.Customer, clock.GetUtcNow());
        account.SetPasswordHash(hasher.HashPassword(account, request.Password)); // hashed either way: same timing

        if (!await db.Accounts.AnyAsync(a => a.NormalizedEmail == normalized, ct))
        {
            db.Accounts.Add(account);
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException) { db.ChangeTracker.Clear(); } // lost a race for the same email: same answer
        }
        return TypedResults.Created("/store/me", new Response(account.Email,
            "Sign in with POST /auth/token. If this email was already registered, its account is unchanged."));
    }
}
