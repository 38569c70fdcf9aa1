using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;

namespace EngineRoom.Catalog;

/// <summary>The cheapest and dearest variant of a product in one currency.</summary>
public sealed record PriceRange(Money Min, Money Max);

public sealed record OptionDto(string Name, string Value)
{
    public static IReadOnlyList<OptionDto> From(IEnumerable<VariantOption> options) => options.Select(o => new OptionDto(o.Name, o.Value)).ToList();
}

// The admin inputs are public: .NET 10's validation generator skips internal types nested in request bodies.

/// <summary>A price as the admin API takes it: minor units, never negative, in a known currency.</summary>
public sealed record PriceInput([Range(0, Prices.MaxAmount)] long Amount, [Required, KnownCurrency] string Currency)
{
    public Money ToMoney() => new(Amount, Currency);
}

public sealed record OptionInput([Required, MaxLength(50)] string Name, [Required, MaxLength(100)] string Value);

/// <summary>A variant as the admin API takes it, inline in a new product or on its own.</summary>
public sealed record VariantInput(
    [Required, MaxLength(64), RegularExpression(Prices.SkuPattern, ErrorMessage = "A SKU is letters, digits, '.', '_' or '-', starting with a letter or digit.")] string Sku,
    [MaxLength(200)] string? Name,
    [MaxLength(10), NoNullItems] List<OptionInput>? Options,
    [MaxLength(50), NoNullItems] List<PriceInput>? Prices)
{
    // Methods, not properties: validation walks a request's properties (a null option made it throw) and OpenAPI listed
    // them as input fields.
    public IEnumerable<VariantOption> OptionValues() => (Options ?? []).Select(o => new VariantOption(o.Name, o.Value));
    public IEnumerable<Money> PriceValues() => (Prices ?? []).Select(p => p.ToMoney());
}

public static class Prices
{
    /// <summary>Ten billion major units: far above any real price, far below where sums of them could overflow.</summary>
    public const long MaxAmount = 1_000_000_000_000;
    public const string SkuPattern = "^[A-Za-z0-9][A-Za-z0-9._-]*$";
}
