using System.Security.Claims;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers.Addresses;

/// <summary>Removes an address from the signed-in customer's book. Orders that shipped to it keep their own copy.</summary>
internal static class DeleteAddress
{
    public static RouteHandlerBuilder MapDeleteAddress(this RouteGroupBuilder me) =>
        me.MapDelete("/me/addresses/{id:guid}", Handle).WithName(nameof(DeleteAddress)).WithSummary("Deletes one of my saved addresses");

    private static async Task<Results<NoContent, NotFound>> Handle(Guid id, ClaimsPrincipal user, EngineRoomDb db, CancellationToken ct)
    {
        var customer = user.AccountId();
        var deleted = await db.CustomerAddresses.Where(a => a.Id == id && a.AccountId == customer).ExecuteDeleteAsync(ct);
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }
}
