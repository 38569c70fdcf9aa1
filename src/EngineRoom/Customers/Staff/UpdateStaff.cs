using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common.Audit;
using EngineRoom.Customers.Tokens;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers.Staff;

internal static class UpdateStaff
{
    public sealed record Request(
        [MaxLength(100), MinLength(1)] string? Name,
        [RegularExpression("^(staff|admin)$", ErrorMessage = "Role must be 'staff' or 'admin'.")] string? Role,
        bool? Disabled);

    public static RouteHandlerBuilder MapUpdateStaff(this RouteGroupBuilder staff) =>
        staff.MapPatch("/{id:guid}", Handle).WithName(nameof(UpdateStaff))
            .WithSummary("Change a staff account's name, role or status");

    private static async Task<Results<Ok<StaffDto>, NotFound>> Handle(
        Guid id, Request request, ClaimsPrincipal user, EngineRoomDb db, SessionValidity sessions, TimeProvider clock, CancellationToken ct)
    {
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == id && (a.Role == Roles.Staff || a.Role == Roles.Admin), ct);
        if (account is null) return TypedResults.NotFound();

        var before = StaffDto.From(account);
        var stampBefore = account.SecurityStamp;
        var actor = user.AccountId();
        var now = clock.GetUtcNow();
        if (request.Name is not null) account.Rename(request.Name);
        if (request.Role is not null) account.ChangeRole(request.Role, actor, now);
        if (request.Disabled is { } disabled) account.SetDisabled(disabled, actor, now);
        var after = StaffDto.From(account);
        AuditLog.Record(db, user, "staff.update", "staff", id.ToString(), before, after, now);
        await using var tx = await db.Database.BeginTransactionAsync(ct); // the change, its audit entry and the revocation
        await db.SaveChangesAsync(ct);
        if (account.IsDisabled) await db.RefreshTokens.Where(t => t.AccountId == id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        await tx.CommitAsync(ct);
        if (account.SecurityStamp != stampBefore) sessions.AccountChanged(id, account.SecurityStamp); // role or disabled changed
        return TypedResults.Ok(after);
    }
}
