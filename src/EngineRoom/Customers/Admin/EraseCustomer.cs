using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Audit;
using EngineRoom.Customers.Accounts;
using EngineRoom.Customers.Tokens;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers.Admin;

/// <summary>
/// Erases a customer's personal data (the right to erasure), in one transaction: the account keeps its id but loses its
/// email, name, phone, consent and password and can never sign in again; its addresses, mailed tokens and sign-ins go;
/// its orders keep their amounts, lines and statuses but lose the email and address (Orders does that), and its carts
/// lose theirs (Carts does that). The ledger and
/// the audit trail hold no personal data of a customer and stay as they are. Audited, with ids only.
/// </summary>
internal static class EraseCustomer
{
    public sealed record Response(Guid Id, DateTimeOffset ErasedAt, int OrdersAnonymised);

    public static RouteHandlerBuilder MapEraseCustomer(this RouteGroupBuilder customers) =>
        customers.MapPost("/{id:guid}/erase", Handle).WithName(nameof(EraseCustomer)).WithSummary("Erases a customer's personal data; orders, ledger and audit keep their figures (admin)");

    private static async Task<Results<Ok<Response>, NotFound, ProblemHttpResult>> Handle(Guid id, ClaimsPrincipal user, EngineRoomDb db,
        ICustomerOrders orders, ICustomerCarts carts, SessionValidity sessions, TimeProvider clock, CancellationToken ct)
    {
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == id && a.Role == Roles.Customer, ct);
        if (account is null) return TypedResults.NotFound();
        if (account.IsErased) return Problems.Conflict("customer_erased", "This customer was already erased.");
        // An order still to be shipped needs its address: erase once it has shipped, or cancel it first.
        if ((await orders.SummarizeAsync(id, recent: 0, ct)).Open is > 0 and var open)
            return Problems.Conflict("customer_has_open_orders", $"This customer has {open} order(s) not yet shipped or cancelled; their address is still needed.");

        var now = clock.GetUtcNow();
        var before = CustomerAuditState.From(account);
        var oldEmail = account.NormalizedEmail;
        account.Erase(now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var anonymised = await orders.ErasePersonalDataAsync(id, account.Email, ct);
        await carts.ErasePersonalDataAsync(id, ct);
        AuditLog.Record(db, user, "customer.erase", "customer", id.ToString(), before, CustomerAuditState.From(account), now);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) // an order or cart of theirs changed meanwhile: nothing was saved
        {
            return Problems.Conflict("customer_changed", "An order or cart of this customer changed during the erasure; nothing was erased. Try again.");
        }
        await db.CustomerAddresses.Where(a => a.AccountId == id).ExecuteDeleteAsync(ct);
        await db.AccountTokens.Where(t => t.AccountId == id).ExecuteDeleteAsync(ct);
        await AccountSessions.RevokeRefreshTokensAsync(db, id, now, ct);
        await db.LoginThrottles.Where(t => t.NormalizedEmail == oldEmail).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        sessions.AccountChanged(id, account.SecurityStamp);
        return TypedResults.Ok(new Response(id, now, anonymised));
    }
}
