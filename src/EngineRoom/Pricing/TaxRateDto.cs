using System.Text.RegularExpressions;
using EngineRoom.Common;

namespace EngineRoom.Pricing;

/// <summary>A tax rate; <see cref="Region"/> is null for the rate of the whole country.</summary>
public sealed record TaxRateDto(string Country, string? Region, string Name, int RateBps)
{
    public static TaxRateDto From(TaxRate r) => new(r.Country, r.Region == "" ? null : r.Region, r.Name, r.RateBps);
}

/// <summary>Countries are ISO 3166-1 alpha-2 and regions the ISO 3166-2 subdivision part, both upper-case; checked by shape.</summary>
internal static partial class TaxRegion
{
    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryShape();

    [GeneratedRegex("^[A-Z0-9]{1,3}$")]
    private static partial Regex RegionShape();

    /// <summary>The upper-cased pair, or the problem naming the part that is not shaped right.</summary>
    public static (string Country, string Region, ProblemHttpResult? Invalid) Read(string country, string? region)
    {
        country = country.ToUpperInvariant();
        region = region?.ToUpperInvariant() ?? "";
        if (!CountryShape().IsMatch(country))
            return (country, region, Problems.Validation("country", "A country is an ISO 3166-1 alpha-2 code, such as US or DE."));
        if (region != "" && !RegionShape().IsMatch(region))
            return (country, region,
                Problems.Validation("region", "A region is the ISO 3166-2 subdivision code after the dash, such as CA in US-CA."));
        return (country, region, null);
    }

    /// <summary>How the audit log names a rate: "US" for a country's, "US-CA" for a region's.</summary>
    public static string Key(string country, string region) => region == "" ? country : $"{country}-{region}";
}
