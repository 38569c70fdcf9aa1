using EngineRoom.Customers.Addresses;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers.Admin;

/// <summary>A customer's page for staff: the account, its addresses, and its orders (count, totals, the newest).</summary>
internal static class GetCustomer
{
    public static RouteHandlerBuilder MapGetCustomer(this RouteGroupBuilder customers) =>
        customers.MapGet("/{id:guid}", Handle).WithName(nameof(GetCustomer)).WithSummary("A customer's page: profile, orders, totals and addresses");

    private static async Task<Results<Ok<CustomerDetailDto>, NotFound>> Handle(Guid id, EngineRoomDb db, ICustomerOrders orders, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.Role == Roles.Customer, ct);
        if (account is null) return TypedResults.NotFound();
        return TypedResults.Ok(new CustomerDetailDto(CustomerDto.From(account), account.Phone, account.MarketingConsent, account.MarketingConsentChangedAt,
            await ReadAddresses.ListAsync(db, id, ct), await orders.SummarizeAsync(id, recent: 20, ct)));
    }
}
