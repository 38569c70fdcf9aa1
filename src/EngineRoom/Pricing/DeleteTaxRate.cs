using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Pricing;

internal static class DeleteTaxRate
{
    public static void MapDeleteTaxRate(this RouteGroupBuilder rates)
    {
        rates.MapDelete("/{country}", (string country, EngineRoomDb db, CancellationToken ct) => Handle(country, null, db, ct))
            .WithName(nameof(DeleteTaxRate));
        rates.MapDelete("/{country}/{region}", Handle).WithName(nameof(DeleteTaxRate) + "ForRegion");
    }

    // Deleting a country's rate leaves its regions' rates in place: each is its own row, set and removed on its own.
    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Handle(
        string country, string? region, EngineRoomDb db, CancellationToken ct)
    {
        var (c, r, invalid) = TaxRegion.Read(country, region);
        if (invalid is not null) return invalid;
        var deleted = await db.TaxRates.Where(t => t.Country == c && t.Region == r).ExecuteDeleteAsync(ct);
        return deleted == 1 ? TypedResults.NoContent() : TypedResults.NotFound();
    }
}
