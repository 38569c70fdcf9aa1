using System.Security.Claims;
using EngineRoom.Common.Audit;
using EngineRoom.Customers.Accounts;
using EngineRoom.Customers.Tokens;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers.Admin;

/// <summary>
/// Disables a customer (every session ends at once, here and on every other instance within its poll; sign-in is
/// refused) or enables them again. Audited.
/// </summary>
internal static class DisableCustomer
{
    public static RouteHandlerBuilder MapDisableCustomer(this RouteGroupBuilder customers) =>
        customers.MapPost("/{id:guid}/disable", (Guid id, ClaimsPrincipal user, EngineRoomDb db, SessionValidity sessions, TimeProvider clock, CancellationToken ct) =>
            Handle(id, disabled: true, user, db, sessions, clock, ct)).WithName(nameof(DisableCustomer)).WithSummary("Disables a customer: sign-in refused and every session ended at once");

    public static RouteHandlerBuilder MapEnableCustomer(this RouteGroupBuilder customers) =>
        customers.MapPost("/{id:guid}/enable", (Guid id, ClaimsPrincipal user, EngineRoomDb db, SessionValidity sessions, TimeProvider clock, CancellationToken ct) =>
            Handle(id, disabled: false, user, db, sessions, clock, ct)).WithName("EnableCustomer").WithSummary("Enables a disabled customer again");

    private static async Task<Results<Ok<CustomerDto>, NotFound>> Handle(Guid id, bool disabled, ClaimsPrincipal user, EngineRoomDb db,
        SessionValidity sessions, TimeProvider clock, CancellationToken ct)
    {
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == id && a.Role == Roles.Customer, ct);
        if (account is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        var before = CustomerAuditState.From(account);
        var stamp = account.SecurityStamp;
        account.SetDisabled(disabled, user.TryGetAccountId() ?? Guid.Empty, now); // an erased account cannot be enabled (409)
        if (account.SecurityStamp == stamp) return TypedResults.Ok(CustomerDto.From(account)); // already so: nothing to do or audit

        AuditLog.Record(db, user, disabled ? "customer.disable" : "customer.enable", "customer", id.ToString(), before, CustomerAuditState.From(account), now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (disabled) await AccountSessions.RevokeRefreshTokensAsync(db, id, now, ct);
        await tx.CommitAsync(ct);
        sessions.AccountChanged(id, account.SecurityStamp);
        return TypedResults.Ok(CustomerDto.From(account));
    }
}
