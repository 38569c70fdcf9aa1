using System.ComponentModel.DataAnnotations;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Pricing;

/// <summary>Creates or replaces the tax rate of a country, or of one region of it.</summary>
internal static class SetTaxRate
{
    public sealed record Request([Required, MaxLength(100)] string Name, [Required, Range(0, 10_000)] int? RateBps);

    public static void MapSetTaxRate(this RouteGroupBuilder rates)
    {
        rates.MapPut("/{country}", (string country, Request request, EngineRoomDb db, TimeProvider clock, CancellationToken ct) =>
            Handle(country, null, request, db, clock, ct)).WithName(nameof(SetTaxRate));
        rates.MapPut("/{country}/{region}", Handle).WithName(nameof(SetTaxRate) + "ForRegion");
    }

    private static async Task<Results<Ok<TaxRateDto>, Created<TaxRateDto>, ProblemHttpResult>> Handle(
        string country, string? region, Request request, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        var (c, r, invalid) = TaxRegion.Read(country, region);
        if (invalid is not null) return invalid;
        var rate = new TaxRate
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()), Country = c, Region = r, Name = request.Name.Trim(), RateBps = request.RateBps!.Value,
        };

        if (await ReplaceAsync(db, rate, ct)) return TypedResults.Ok(TaxRateDto.From(rate));
        db.TaxRates.Add(rate);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // Another request created it first, under the unique index: ours is then a replacement.
            db.ChangeTracker.Clear();
            if (await ReplaceAsync(db, rate, ct)) return TypedResults.Ok(TaxRateDto.From(rate));
            throw;
        }
        return TypedResults.Created($"/admin/tax-rates/{c}" + (r == "" ? "" : $"/{r}"), TaxRateDto.From(rate));
    }

    private static async Task<bool> ReplaceAsync(EngineRoomDb db, TaxRate rate, CancellationToken ct) =>
        await db.TaxRates.Where(t => t.Country == rate.Country && t.Region == rate.Region)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Name, rate.Name).SetProperty(t => t.RateBps, rate.RateBps), ct) == 1;
}
