using EngineRoom.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Catalog;

/// <summary>A sellable SKU of a product, with its option values (size, colour...) and a price per currency.</summary>
public sealed class Variant
{
    public long Id { get; private set; }
    public long ProductId { get; private set; }
    public string Sku { get; private set; } = "";
    public string? Name { get; private set; }
    public List<VariantOption> Options { get; private set; } = [];
    public List<VariantPrice> Prices { get; private set; } = [];

    private Variant() { }

    internal Variant(string sku, string? name, IEnumerable<VariantOption> options, IEnumerable<Money> prices)
    {
        Sku = sku;
        Name = name;
        Options = options.ToList();
        SetPrices(prices);
    }

    // Internal: changes go through Product, which keeps its price ranges in step.
    internal void Update(string sku, string? name, IEnumerable<VariantOption> options) => (Sku, Name, Options) = (sku, name, options.ToList());

    /// <summary>Replaces the price list; one price per currency, never negative, in a known currency.</summary>
    internal void SetPrices(IEnumerable<Money> prices)
    {
        var list = prices.ToList();
        var duplicate = list.GroupBy(p => p.Currency).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new BusinessRuleException("validation_failed", $"Two prices in {duplicate.Key}.", 400);
        if (list.Where(p => p.Amount < 0 || !Currencies.IsKnown(p.Currency)).Select(p => (Money?)p).FirstOrDefault() is { } bad)
            throw new BusinessRuleException("validation_failed", $"Price {bad.Amount} {bad.Currency} is negative or in an unknown currency.", 400);
        Prices.RemoveAll(p => list.All(m => m.Currency != p.Currency));
        foreach (var money in list)
        {
            var existing = Prices.Find(p => p.Currency == money.Currency);
            if (existing is null) Prices.Add(new VariantPrice { Currency = money.Currency, Amount = money.Amount });
            else existing.Amount = money.Amount;
        }
    }

    public Money? PriceIn(string currency) =>
        Prices.Find(p => p.Currency == currency) is { } price ? new Money(price.Amount, price.Currency) : null;
}

public sealed record VariantOption(string Name, string Value);

public sealed class VariantPrice
{
    public long VariantId { get; set; }
    public string Currency { get; set; } = "";
    public long Amount { get; set; }
}

internal sealed class VariantConfiguration : IEntityTypeConfiguration<Variant>
{
    public void Configure(EntityTypeBuilder<Variant> variant)
    {
        variant.ToTable("catalog_variants");
        variant.HasKey(v => v.Id);
        variant.Property(v => v.Sku).HasMaxLength(64);
        variant.HasIndex(v => v.Sku).IsUnique();
        variant.HasIndex(v => v.ProductId);
        variant.Property(v => v.Name).HasMaxLength(200);
        variant.OwnsMany(v => v.Options, o => o.ToJson("options"));
        variant.HasMany(v => v.Prices).WithOne().HasForeignKey(p => p.VariantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class VariantPriceConfiguration : IEntityTypeConfiguration<VariantPrice>
{
    public void Configure(EntityTypeBuilder<VariantPrice> price)
    {
        price.ToTable("catalog_variant_prices");
        price.HasKey(p => new { p.VariantId, p.Currency });
        price.Property(p => p.Currency).HasMaxLength(3);
        price.ToTable(t => t.HasCheckConstraint("ck_catalog_variant_prices_amount", "\"Amount\" >= 0"));
    }
}
