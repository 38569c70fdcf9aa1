using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers.Staff;

internal static class CreateStaff
{
    public sealed record Request(
        [Required, PlainEmail, MaxLength(254)] string Email,
        [Required, MaxLength(100)] string Name,
        [Required, MinLength(Passwords.MinLength), MaxLength(Passwords.MaxLength)] string Password,
        [Required, RegularExpression("^(staff|admin)$", ErrorMessage = "Role must be 'staff' or 'admin'.")] string Role);

    public static RouteHandlerBuilder MapCreateStaff(this RouteGroupBuilder staff) =>
        staff.MapPost("/", Handle).WithName(nameof(CreateStaff))
            .WithSummary("Create a staff or admin account");

    private static async Task<Results<Created<StaffDto>, ProblemHttpResult>> Handle(
        Request request, ClaimsPrincipal user, EngineRoomDb db, IPasswordHasher<Account> hasher, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var account = Account.Create(request.Email, request.Name, request.Role, now);
        account.SetPasswordHash(hasher.HashPassword(account, request.Password));
        // Admins may learn that an email is taken; the public register endpoint never says so.
        if (await db.Accounts.AnyAsync(a => a.NormalizedEmail == account.NormalizedEmail, ct)) return EmailTaken(account);
        var created = StaffDto.From(account); // never the password hash
        db.Accounts.Add(account);
        AuditLog.Record(db, user, "staff.create", "staff", account.Id.ToString(), null, created, now);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { return EmailTaken(account); } // lost a race under the unique index
        return TypedResults.Created($"/admin/staff/{account.Id}", created);
    }

    private static ProblemHttpResult EmailTaken(Account account) =>
        Problems.Conflict("email_taken", $"An account with email '{account.Email}' already exists.");
}
