using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Pricing;

internal static class ListDiscounts
{
    public static RouteHandlerBuilder MapListDiscounts(this RouteGroupBuilder discounts) =>
        discounts.MapGet("/", Handle).WithName(nameof(ListDiscounts))
            .WithSummary("List discounts");

    // Newest first: ids are version 7 GUIDs (time-ordered) and unique, so the last id shown is the cursor.
    private static async Task<Results<Ok<Page<DiscountDto>>, ProblemHttpResult>> Handle(
        EngineRoomDb db, bool? active, [Range(1, 100)] int? limit, string? cursor, CancellationToken ct)
    {
        if (!Cursor.TryDecode<Guid?>(cursor, out var before)) return Cursor.Invalid();
        var take = limit ?? 50;
        var query = db.Discounts.AsNoTracking();
        if (active is { } a) query = query.Where(d => d.Active == a);
        if (before is { } id) query = query.Where(d => d.Id.CompareTo(id) < 0);
        var rows = await query.OrderByDescending(d => d.Id).Take(take + 1).ToListAsync(ct);
        var used = await DiscountUsage.CountAsync(db, rows, ct);
        return TypedResults.Ok(Page.From(rows, take, d => DiscountDto.From(d, used[d.Id]), last => Cursor.Encode<Guid?>(last.Id)));
    }
}
