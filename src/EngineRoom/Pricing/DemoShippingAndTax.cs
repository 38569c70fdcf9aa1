using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Pricing;

/// <summary>
/// The demo's shipping methods (in USD and EUR) and tax rates for a few countries, so a walk-through of Buy Now shows
/// shipping and tax. Seeded with the demo catalog (embedded default, never in Production), only where none exist.
/// </summary>
public static class DemoShippingAndTax
{
    public static readonly (string Country, string Region, string Name, int RateBps)[] Rates =
    [
        ("US", "CA", "California sales tax", 725), ("US", "NY", "New York sales tax", 400), ("GB", "", "UK VAT", 2000),
        ("DE", "", "German VAT", 1900), ("FR", "", "French VAT", 2000), ("CA", "", "Canadian GST", 500),
    ];

    private static readonly (string Code, string Name, long Usd, long Eur, long? FreeOverUsd)[] Methods =
    [
        ("standard", "Standard (3 to 5 days)", 499, 449, 7500), ("express", "Express (next day)", 1499, 1299, null),
        ("international", "International (5 to 10 days)", 1999, 1799, null),
    ];

    public static async Task<int> SeedAsync(EngineRoomDb db, CancellationToken ct)
    {
        if (await db.ShippingMethods.AnyAsync(ct) || await db.TaxRates.AnyAsync(ct)) return 0;
        foreach (var m in Methods)
        {
            db.ShippingMethods.Add(new ShippingMethod { Id = Guid.NewGuid(), Code = m.Code, Name = m.Name, Currency = "USD", Amount = m.Usd, FreeOver = m.FreeOverUsd });
            db.ShippingMethods.Add(new ShippingMethod { Id = Guid.NewGuid(), Code = m.Code, Name = m.Name, Currency = "EUR", Amount = m.Eur, FreeOver = m.FreeOverUsd * 9 / 10 });
        }
        foreach (var r in Rates) db.TaxRates.Add(new TaxRate { Id = Guid.NewGuid(), Country = r.Country, Region = r.Region, Name = r.Name, RateBps = r.RateBps });
        return await db.SaveChangesAsync(ct);
    }

    /// <summary>The seeded rate for an address (a region's wins over its country's), in basis points.</summary>
    public static int RateFor(string country, string region) =>
        Rates.FirstOrDefault(r => r.Country == country && r.Region == region).RateBps is var exact and > 0 ? exact
            : Rates.FirstOrDefault(r => r.Country == country && r.Region == "").RateBps;

    public static (long Amount, long? FreeOver) Shipping(string code, string currency) =>
        Methods.Single(m => m.Code == code) is var m && currency == "EUR" ? (m.Eur, m.FreeOverUsd * 9 / 10) : (m.Usd, m.FreeOverUsd);
}
