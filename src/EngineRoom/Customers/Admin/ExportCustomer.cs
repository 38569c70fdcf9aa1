using System.Security.Claims;
using EngineRoom.Common.Audit;
using EngineRoom.Customers.Addresses;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers.Admin;

/// <summary>
/// Everything EngineRoom holds about a customer, as one JSON document: for staff (any customer) and for the customer
/// (themselves). A POST because it is audited: each export is an audit entry naming who took it.
/// </summary>
internal static class ExportCustomer
{
    public sealed record Profile(Guid Id, string Email, string Name, string? Phone, DateTimeOffset CreatedAt, DateTimeOffset? EmailVerifiedAt,
        bool MarketingConsent, DateTimeOffset? MarketingConsentChangedAt, DateTimeOffset? DisabledAt, DateTimeOffset? ErasedAt);

    public sealed record Export(DateTimeOffset ExportedAt, Profile Profile, IReadOnlyList<AddressDto> Addresses, IReadOnlyList<object> Orders);

    public static RouteHandlerBuilder MapExportCustomer(this RouteGroupBuilder customers) =>
        customers.MapPost("/{id:guid}/export", (Guid id, ClaimsPrincipal user, EngineRoomDb db, ICustomerOrders orders, TimeProvider clock, CancellationToken ct) =>
            Handle(id, user, db, orders, clock, ct)).WithName(nameof(ExportCustomer)).WithSummary("Exports a customer's data as JSON (staff)");

    public static RouteHandlerBuilder MapExportMyData(this RouteGroupBuilder me) =>
        me.MapPost("/me/export", (ClaimsPrincipal user, EngineRoomDb db, ICustomerOrders orders, TimeProvider clock, CancellationToken ct) =>
            Handle(user.AccountId(), user, db, orders, clock, ct)).WithName("ExportMyData").WithSummary("Exports my data as JSON");

    private static async Task<Results<Ok<Export>, NotFound>> Handle(Guid id, ClaimsPrincipal user, EngineRoomDb db, ICustomerOrders orders,
        TimeProvider clock, CancellationToken ct)
    {
        var a = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.Role == Roles.Customer, ct);
        if (a is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        var export = new Export(now,
            new Profile(a.Id, a.Email, a.Name, a.Phone, a.CreatedAt, a.EmailVerifiedAt, a.MarketingConsent, a.MarketingConsentChangedAt, a.DisabledAt, a.ErasedAt),
            await ReadAddresses.ListAsync(db, id, ct), await orders.ExportAsync(id, ct));
        AuditLog.Record(db, user, "customer.export", "customer", id.ToString(), null, null, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(export);
    }
}
