using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers.Addresses;

/// <summary>The signed-in customer's address book (one page: it holds at most 50), and one address of it. Another customer's is 404.</summary>
internal static class ReadAddresses
{
    public static RouteHandlerBuilder MapListAddresses(this RouteGroupBuilder me) =>
        me.MapGet("/me/addresses", List).WithName("ListAddresses").WithSummary("Lists my saved addresses");

    public static RouteHandlerBuilder MapGetAddress(this RouteGroupBuilder me) =>
        me.MapGet("/me/addresses/{id:guid}", Get).WithName("GetAddress").WithSummary("One of my saved addresses");

    private static async Task<Ok<Page<AddressDto>>> List(ClaimsPrincipal user, EngineRoomDb db, CancellationToken ct) =>
        TypedResults.Ok(new Page<AddressDto>(await ListAsync(db, user.AccountId(), ct), null));

    private static async Task<Results<Ok<AddressDto>, NotFound>> Get(Guid id, ClaimsPrincipal user, EngineRoomDb db, CancellationToken ct)
    {
        var customer = user.AccountId();
        var address = await db.CustomerAddresses.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.AccountId == customer, ct);
        return address is null ? TypedResults.NotFound() : TypedResults.Ok(address.ToDto());
    }

    public static async Task<IReadOnlyList<AddressDto>> ListAsync(EngineRoomDb db, Guid customer, CancellationToken ct) =>
        (await db.CustomerAddresses.AsNoTracking().Where(a => a.AccountId == customer).OrderBy(a => a.Id).ToListAsync(ct)).Select(a => a.ToDto()).ToList();
}
