using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Pricing;

internal static class ListTaxRates
{
    public sealed record Position(string Country, string Region);

    public static RouteHandlerBuilder MapListTaxRates(this RouteGroupBuilder rates) =>
        rates.MapGet("/", Handle).WithName(nameof(ListTaxRates))
            .WithSummary("List tax rates");

    // Ordered by (country, region), which is unique, so the pair is the cursor; a country's own rate comes first.
    private static async Task<Results<Ok<Page<TaxRateDto>>, ProblemHttpResult>> Handle(
        EngineRoomDb db, string? country, [Range(1, 100)] int? limit, string? cursor, CancellationToken ct)
    {
        if (!Cursor.TryDecode<Position>(cursor, out var after)) return Cursor.Invalid();
        var take = limit ?? 50;
        var query = db.TaxRates.AsNoTracking();
        if (country is not null) query = query.Where(r => r.Country == country.ToUpperInvariant());
        if (after is not null)
            query = query.Where(r => string.Compare(r.Country, after.Country) > 0
                                     || (r.Country == after.Country && string.Compare(r.Region, after.Region) > 0));
        var rows = await query.OrderBy(r => r.Country).ThenBy(r => r.Region).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Page.From(rows, take, TaxRateDto.From, last => Cursor.Encode(new Position(last.Country, last.Region))));
    }
}
