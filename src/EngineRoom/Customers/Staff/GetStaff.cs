using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers.Staff;

internal static class GetStaff
{
    public static RouteHandlerBuilder MapGetStaff(this RouteGroupBuilder staff) =>
        staff.MapGet("/{id:guid}", Handle).WithName(nameof(GetStaff))
            .WithSummary("Get a staff account");

    private static async Task<Results<Ok<StaffDto>, NotFound>> Handle(Guid id, EngineRoomDb db, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking()
            .SingleOrDefaultAsync(a => a.Id == id && (a.Role == Roles.Staff || a.Role == Roles.Admin), ct);
        return account is null ? TypedResults.NotFound() : TypedResults.Ok(StaffDto.From(account));
    }
}
