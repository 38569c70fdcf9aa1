using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers.Staff;

internal static class ListStaff
{
    public static RouteHandlerBuilder MapListStaff(this RouteGroupBuilder staff) =>
        staff.MapGet("/", Handle).WithName(nameof(ListStaff))
            .WithSummary("List staff and admin accounts");

    // Ordered by normalized email, which is unique, so it alone is the cursor.
    private static async Task<Results<Ok<Page<StaffDto>>, ProblemHttpResult>> Handle(
        EngineRoomDb db, [Range(1, 100)] int? limit, string? cursor, CancellationToken ct)
    {
        if (!Cursor.TryDecode<string>(cursor, out var after)) return Cursor.Invalid();
        var take = limit ?? 50;
        var query = db.Accounts.AsNoTracking().Where(a => a.Role == Roles.Staff || a.Role == Roles.Admin);
        if (after is not null) query = query.Where(a => string.Compare(a.NormalizedEmail, after) > 0);
        var rows = await query.OrderBy(a => a.NormalizedEmail).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Page.From(rows, take, StaffDto.From, last => Cursor.Encode(last.NormalizedEmail)));
    }
}
