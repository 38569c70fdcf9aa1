using EngineRoom.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Catalog;

/// <summary>
/// A product and its variants. Ids are database sequences (public anyway, and they make keyset pagination and
/// the SQLite FTS5 rowid simple); the slug is the storefront's address for it.
/// </summary>
public sealed class Product
{
    public long Id { get; private set; }
    public string Slug { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? ShortDescription { get; private set; }
    public string Description { get; private set; } = "";
    public long? CategoryId { get; private set; }
    public bool Published { get; private set; }
    public List<string> Images { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public List<Variant> Variants { get; private set; } = [];
    /// <summary>Cheapest and dearest variant per currency, kept in step by <see cref="RecomputePriceRanges"/> for price filters and sorts.</summary>
    public List<ProductPriceRange> PriceRanges { get; private set; } = [];

    private Product() { }

    public static Product Create(string slug, string name, string? shortDescription, string description, long? categoryId,
        bool published, IEnumerable<string> images, DateTimeOffset now)
    {
        var product = new Product { CreatedAt = now };
        product.Update(slug, name, shortDescription, description, categoryId, published, images, now);
        return product;
    }

    public void Update(string slug, string name, string? shortDescription, string description, long? categoryId, bool published,
        IEnumerable<string> images, DateTimeOffset now)
    {
        Slugs.Ensure(slug);
        (Slug, Name, ShortDescription, Description, CategoryId, Published, Images, UpdatedAt) =
            (slug, name, shortDescription, description, categoryId, published, images.ToList(), now);
    }

    public Variant AddVariant(string sku, string? name, IEnumerable<VariantOption> options, IEnumerable<Money> prices, DateTimeOffset now)
    {
        EnsureSkuFree(sku, except: null);
        var variant = new Variant(sku, name, options, prices);
        Variants.Add(variant);
        Touch(now);
        return variant;
    }

    /// <summary>Changes a variant through its product, so the price ranges the store filters on never go stale.</summary>
    public void ChangeVariant(Variant variant, string sku, string? name, IEnumerable<VariantOption> options, IEnumerable<Money>? prices, DateTimeOffset now)
    {
        EnsureSkuFree(sku, except: variant);
        variant.Update(sku, name, options);
        if (prices is not null) variant.SetPrices(prices);
        Touch(now);
    }

    public void SetVariantPrices(Variant variant, IEnumerable<Money> prices, DateTimeOffset now)
    {
        variant.SetPrices(prices);
        Touch(now);
    }

    private void EnsureSkuFree(string sku, Variant? except)
    {
        if (Variants.Any(v => v != except && v.Sku == sku))
            throw new BusinessRuleException("sku_taken", $"SKU '{sku}' is already used by this product.");
    }

    public void RemoveVariant(Variant variant, DateTimeOffset now)
    {
        Variants.Remove(variant);
        RecomputePriceRanges();
        UpdatedAt = now;
    }

    public void Touch(DateTimeOffset now)
    {
        RecomputePriceRanges();
        UpdatedAt = now;
    }

    /// <summary>Call after any change to variants or their prices (the Product methods above already do).</summary>
    public void RecomputePriceRanges()
    {
        var ranges = Variants.SelectMany(v => v.Prices).GroupBy(p => p.Currency)
            .ToDictionary(g => g.Key, g => (Min: g.Min(p => p.Amount), Max: g.Max(p => p.Amount)));
        PriceRanges.RemoveAll(r => !ranges.ContainsKey(r.Currency));
        foreach (var (currency, (min, max)) in ranges)
        {
            var range = PriceRanges.Find(r => r.Currency == currency);
            if (range is null) PriceRanges.Add(new ProductPriceRange { Currency = currency, MinAmount = min, MaxAmount = max });
            else (range.MinAmount, range.MaxAmount) = (min, max);
        }
    }
}

public sealed class ProductPriceRange
{
    public long ProductId { get; set; }
    public string Currency { get; set; } = "";
    public long MinAmount { get; set; }
    public long MaxAmount { get; set; }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> product)
    {
        // SQLite: the full-text index is kept by AFTER triggers (ProductSearchSchema), which RETURNING cannot be used with.
        product.ToTable("catalog_products", t => t.UseSqlReturningClause(false));
        product.HasKey(p => p.Id);
        product.Property(p => p.Slug).HasMaxLength(200);
        product.HasIndex(p => p.Slug).IsUnique();
        product.Property(p => p.Name).HasMaxLength(300);
        product.Property(p => p.ShortDescription).HasMaxLength(500);
        product.Property(p => p.Description).HasMaxLength(10_000);
        product.HasIndex(p => new { p.Published, p.Id }); // newest first, and the in-stock scan behind it
        product.HasIndex(p => new { p.Published, p.Name, p.Id });
        product.HasIndex(p => new { p.CategoryId, p.Published, p.Id });
        product.HasOne<Category>().WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.SetNull);
        product.HasMany(p => p.Variants).WithOne().HasForeignKey(v => v.ProductId).OnDelete(DeleteBehavior.Cascade);
        product.HasMany(p => p.PriceRanges).WithOne().HasForeignKey(r => r.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProductPriceRangeConfiguration : IEntityTypeConfiguration<ProductPriceRange>
{
    public void Configure(EntityTypeBuilder<ProductPriceRange> range)
    {
        range.ToTable("catalog_product_price_ranges");
        range.HasKey(r => new { r.ProductId, r.Currency });
        range.Property(r => r.Currency).HasMaxLength(3);
        range.HasIndex(r => new { r.Currency, r.MinAmount, r.ProductId });
    }
}
