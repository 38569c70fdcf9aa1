using System.Security.Claims;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Pricing;

internal static class DeleteTaxRate
{
    public static void MapDeleteTaxRate(this RouteGroupBuilder rates)
    {
        rates.MapDelete("/{country}", (string country, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct) =>
            Handle(country, null, user, db, clock, ct)).WithName(nameof(DeleteTaxRate))
                .WithSummary("Remove a country's tax rate");
        rates.MapDelete("/{country}/{region}", Handle).WithName(nameof(DeleteTaxRate) + "ForRegion")
            .WithSummary("Remove a region's tax rate");
    }

    // Deleting a country's rate leaves its regions' rates in place: each is its own row, set and removed on its own.
    // The rate is read first for the audit entry's "before"; the delete and the entry commit together.
    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Handle(
        string country, string? region, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        var (c, r, invalid) = TaxRegion.Read(country, region);
        if (invalid is not null) return invalid;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var rate = await db.TaxRates.AsNoTracking().SingleOrDefaultAsync(t => t.Country == c && t.Region == r, ct);
        if (rate is null || await db.TaxRates.Where(t => t.Id == rate.Id).ExecuteDeleteAsync(ct) == 0) return TypedResults.NotFound();
        AuditLog.Record(db, user, "tax_rate.delete", "tax_rate", TaxRegion.Key(c, r), TaxRateDto.From(rate), null, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
