using EngineRoom.Common;
using EngineRoom.Data;
using EngineRoom.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Catalog;

/// <summary>One published product with its variants, prices, stock per SKU and category breadcrumb (5 statements).</summary>
internal static class GetProduct
{
    public sealed record Crumb(long Id, string Slug, string Name);

    public sealed record VariantItem(long Id, string Sku, string? Name, IReadOnlyList<OptionDto> Options, Money? Price,
        IReadOnlyList<Money> Prices, long Available);

    public sealed record Response(long Id, string Slug, string Name, string? ShortDescription, string Description, long? CategoryId,
        IReadOnlyList<Crumb> Breadcrumb, IReadOnlyList<string> Images, string Currency, PriceRange? Price, bool InStock,
        IReadOnlyList<VariantItem> Variants);

    public static RouteHandlerBuilder MapGetProduct(this RouteGroupBuilder store) =>
        store.MapGet("/products/{idOrSlug}", Handle).WithName(nameof(GetProduct))
            .WithSummary("Get a published product by id or slug")
            .WithDescription("With its variants (SKU, options, price in the requested currency, all prices, available stock) and " +
                "its category breadcrumb.");

    private static async Task<Results<Ok<Response>, NotFound, ProblemHttpResult>> Handle(
        string idOrSlug, [KnownCurrency] string? currency, EngineRoomDb db, IOptions<StoreOptions> store, CancellationToken ct)
    {
        var id = long.TryParse(idOrSlug, out var parsed) ? parsed : -1;
        var matches = await db.Products.AsNoTracking().AsSplitQuery()
            .Include(p => p.Variants).ThenInclude(v => v.Prices)
            .Where(p => p.Published && (p.Id == id || p.Slug == idOrSlug)).ToListAsync(ct);
        var product = matches.Find(p => p.Id == id) ?? matches.FirstOrDefault();
        if (product is null) return TypedResults.NotFound(); // unpublished products do not exist for the store

        currency ??= store.Value.Currency;
        var skus = product.Variants.Select(v => v.Sku).ToList();
        var available = await InventoryQueries.AvailableBySkuAsync(db, skus, ct);
        var breadcrumb = await BreadcrumbAsync(db, product.CategoryId, ct);
        var amounts = product.Variants.SelectMany(v => v.Prices).Where(p => p.Currency == currency).Select(p => p.Amount).ToList();

        var variants = product.Variants.OrderBy(v => v.Id).Select(v => new VariantItem(v.Id, v.Sku, v.Name, OptionDto.From(v.Options), v.PriceIn(currency),
            v.Prices.OrderBy(p => p.Currency, StringComparer.Ordinal).Select(p => new Money(p.Amount, p.Currency)).ToList(),
            available.GetValueOrDefault(v.Sku))).ToList();
        return TypedResults.Ok(new Response(product.Id, product.Slug, product.Name, product.ShortDescription, product.Description,
            product.CategoryId, breadcrumb, product.Images, currency,
            amounts.Count == 0 ? null : new PriceRange(new(amounts.Min(), currency), new(amounts.Max(), currency)),
            variants.Any(v => v.Available > 0), variants));
    }

    private static async Task<IReadOnlyList<Crumb>> BreadcrumbAsync(EngineRoomDb db, long? categoryId, CancellationToken ct)
    {
        if (categoryId is null) return [];
        // The category and its ancestors in one query: each ancestor's path is a prefix of the category's.
        var lineage = await db.Categories.AsNoTracking()
            .Where(c => db.Categories.Any(x => x.Id == categoryId && x.Path.StartsWith(c.Path)))
            .Select(c => new { c.Path, Crumb = new Crumb(c.Id, c.Slug, c.Name) }).ToListAsync(ct);
        return lineage.OrderBy(c => c.Path.Length).Select(c => c.Crumb).ToList();
    }
}
