using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Pricing;

/// <summary>Creates or replaces the tax rate of a country, or of one region of it.</summary>
internal static class SetTaxRate
{
    public sealed record Request([Required, MaxLength(100)] string Name, [Required, Range(0, 10_000)] int? RateBps);

    public static void MapSetTaxRate(this RouteGroupBuilder rates)
    {
        rates.MapPut("/{country}", (string country, Request request, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct) =>
            Handle(country, null, request, user, db, clock, ct)).WithName(nameof(SetTaxRate))
                .WithSummary("Set a country's tax rate");
        rates.MapPut("/{country}/{region}", Handle).WithName(nameof(SetTaxRate) + "ForRegion")
            .WithSummary("Set a region's tax rate");
    }

    private static async Task<Results<Ok<TaxRateDto>, Created<TaxRateDto>, ProblemHttpResult>> Handle(
        string country, string? region, Request request, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        var (c, r, invalid) = TaxRegion.Read(country, region);
        if (invalid is not null) return invalid;
        var now = clock.GetUtcNow();
        var rate = new TaxRate { Id = Guid.CreateVersion7(now), Country = c, Region = r, Name = request.Name.Trim(), RateBps = request.RateBps!.Value };
        var after = TaxRateDto.From(rate);

        // Replace or insert, with the audit entry, in one transaction. Two requests creating the same rate meet at the
        // unique index: the loser's transaction is retried, and then finds the rate to replace.
        var created = await db.InTransactionAsync(async () =>
        {
            var existing = await db.TaxRates.AsNoTracking().SingleOrDefaultAsync(t => t.Country == c && t.Region == r, ct);
            if (existing is null) db.TaxRates.Add(rate);
            else await db.TaxRates.Where(t => t.Id == existing.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Name, rate.Name).SetProperty(t => t.RateBps, rate.RateBps), ct);
            AuditLog.Record(db, user, "tax_rate.set", "tax_rate", TaxRegion.Key(c, r), existing is null ? null : TaxRateDto.From(existing), after, now);
            return existing is null;
        }, rollback: _ => false, ct);
        return created ? TypedResults.Created($"/admin/tax-rates/{c}" + (r == "" ? "" : $"/{r}"), after) : TypedResults.Ok(after);
    }
}
