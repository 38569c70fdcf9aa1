using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Pricing;

internal static class ListShippingMethods
{
    public sealed record Position(string Code, string Currency);

    public static RouteHandlerBuilder MapListShippingMethods(this RouteGroupBuilder methods) =>
        methods.MapGet("/", Handle).WithName(nameof(ListShippingMethods))
            .WithSummary("List shipping methods");

    // Ordered by (code, currency), which is unique, so the pair is the cursor.
    private static async Task<Results<Ok<Page<ShippingMethodDto>>, ProblemHttpResult>> Handle(
        EngineRoomDb db, string? currency, [Range(1, 100)] int? limit, string? cursor, CancellationToken ct)
    {
        if (!Cursor.TryDecode<Position>(cursor, out var after)) return Cursor.Invalid();
        var take = limit ?? 50;
        var query = db.ShippingMethods.AsNoTracking();
        if (currency is not null) query = query.Where(m => m.Currency == currency.ToUpperInvariant());
        if (after is not null)
            query = query.Where(m => string.Compare(m.Code, after.Code) > 0
                                     || (m.Code == after.Code && string.Compare(m.Currency, after.Currency) > 0));
        var rows = await query.OrderBy(m => m.Code).ThenBy(m => m.Currency).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Page.From(rows, take, ShippingMethodDto.From, last => Cursor.Encode(new Position(last.Code, last.Currency))));
    }
}
