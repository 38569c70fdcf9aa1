using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Catalog.Admin;

public sealed record VariantDto(long Id, string Sku, string? Name, IReadOnlyList<OptionDto> Options, IReadOnlyList<Money> Prices)
{
    public static VariantDto From(Variant v) => new(v.Id, v.Sku, v.Name, OptionDto.From(v.Options),
        v.Prices.OrderBy(p => p.Currency, StringComparer.Ordinal).Select(p => new Money(p.Amount, p.Currency)).ToList());
}

public sealed record AdminProductDto(long Id, string Slug, string Name, string? ShortDescription, string Description, long? CategoryId,
    bool Published, IReadOnlyList<string> Images, IReadOnlyList<VariantDto> Variants, IReadOnlyList<PriceRange> PriceRanges,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static AdminProductDto From(Product p) => new(p.Id, p.Slug, p.Name, p.ShortDescription, p.Description, p.CategoryId,
        p.Published, p.Images, p.Variants.OrderBy(v => v.Id).Select(VariantDto.From).ToList(),
        p.PriceRanges.OrderBy(r => r.Currency, StringComparer.Ordinal)
            .Select(r => new PriceRange(new(r.MinAmount, r.Currency), new(r.MaxAmount, r.Currency))).ToList(),
        p.CreatedAt, p.UpdatedAt);
}

internal static class AdminProducts
{
    /// <summary>A product with everything its invariants look at (variants, prices, price ranges), tracked for changes.</summary>
    public static Task<Product?> LoadAsync(EngineRoomDb db, long id, CancellationToken ct) =>
        db.Products.AsSplitQuery().Include(p => p.Variants).ThenInclude(v => v.Prices).Include(p => p.PriceRanges)
            .SingleOrDefaultAsync(p => p.Id == id, ct);

    /// <summary>The product owning a variant, loaded as above.</summary>
    public static async Task<(Product Product, Variant Variant)?> LoadByVariantAsync(EngineRoomDb db, long variantId, CancellationToken ct)
    {
        var productId = await db.Variants.Where(v => v.Id == variantId).Select(v => (long?)v.ProductId).SingleOrDefaultAsync(ct);
        if (productId is null || await LoadAsync(db, productId.Value, ct) is not { } product) return null;
        return product.Variants.Find(v => v.Id == variantId) is { } variant ? (product, variant) : null;
    }

    public static ProblemHttpResult? ImagesProblem(IReadOnlyList<string>? images) =>
        images?.Any(i => string.IsNullOrWhiteSpace(i) || i.Length > 500) == true
            ? Problems.Validation("images", "Each image is a non-empty URL or path of at most 500 characters.") : null;
}
