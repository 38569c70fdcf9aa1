using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.Extensions.Options;

namespace EngineRoom.Catalog;

/// <summary>The storefront's product list: published products only, searched, filtered, sorted, keyset-paginated.</summary>
internal static class ListProducts
{
    public const string SortPattern = "^(newest|price|-price|name|relevance)$";
    public const string SortMessage = "Sort by newest, price, -price, name or relevance.";

    private sealed record Query(string? Q, string? Category, long? MinPrice, long? MaxPrice, string? Currency, bool? InStock,
        string? Sort, int? Limit, string? Cursor);

    public sealed record Item(long Id, string Slug, string Name, string? ShortDescription, long? CategoryId,
        IReadOnlyList<string> Images, PriceRange? Price, bool InStock);

    public static RouteHandlerBuilder MapListProducts(this RouteGroupBuilder store) =>
        store.MapGet("/products", Handle).WithName(nameof(ListProducts))
            .WithSummary("List, search and filter published products")
            .WithDescription("Full-text search (`q`), category (with its subcategories), price range in a currency, in-stock only, " +
                "five sorts; cursor paging. Prices are each product's lowest and highest variant price.");

    // Query parameters are listed one by one: [AsParameters] with validation attributes breaks the OpenAPI document.
    private static async Task<Results<Ok<Page<Item>>, ProblemHttpResult>> Handle(
        [MaxLength(200)] string? q,
        [MaxLength(200)] string? category,
        [Range(0, Prices.MaxAmount)] long? minPrice,
        [Range(0, Prices.MaxAmount)] long? maxPrice,
        [KnownCurrency] string? currency,
        bool? inStock,
        [RegularExpression(SortPattern, ErrorMessage = SortMessage)] string? sort,
        [Range(1, 100)] int? limit,
        [MaxLength(1000)] string? cursor,
        EngineRoomDb db, IOptions<StoreOptions> store, CancellationToken ct)
    {
        var query = new Query(q, category, minPrice, maxPrice, currency, inStock, sort, limit, cursor);
        var tokens = ProductSearch.Tokenize(query.Q);
        if (query.Sort == "relevance" && tokens.Count == 0) return Problems.Validation("sort", "Sorting by relevance needs a search (q).");
        if (query.MinPrice > query.MaxPrice) return Problems.Validation("minPrice", "minPrice is above maxPrice.");

        List<long>? categoryIds = null;
        if (!string.IsNullOrWhiteSpace(query.Category))
        {
            var found = await CategoryQueries.FindAsync(db, query.Category, ct);
            if (found is null) return Problems.Validation("category", $"No category has the id or slug '{query.Category}'.");
            categoryIds = await CategoryQueries.SubtreeIdsAsync(db, found, ct);
        }

        var inCurrency = query.Currency ?? store.Value.Currency;
        var filter = new ProductFilter(tokens, categoryIds, query.MinPrice, query.MaxPrice, inCurrency, query.InStock, Published: true);
        var order = ParseSort(query.Sort, searching: tokens.Count > 0);
        if (!Cursor.TryDecode<ListPosition>(query.Cursor, out var after)) return Cursor.Invalid();
        if (after is not null && !ProductListQuery.Continues(after, filter, order))
            return Problems.Validation("cursor", "The cursor belongs to a list with another sort or filter. Start again without it.");

        var page = await ProductListQuery.PageAsync(db, filter, order, after, query.Limit ?? 24, ct);
        return TypedResults.Ok(new Page<Item>(page.Items.Select(p => new Item(p.Id, p.Slug, p.Name, p.ShortDescription, p.CategoryId,
            p.Images, p.MinPrice is { } min && p.MaxPrice is { } max ? new PriceRange(new(min, inCurrency), new(max, inCurrency)) : null,
            p.InStock)).ToList(), page.NextCursor));
    }

    public static ProductSort ParseSort(string? sort, bool searching) => sort switch
    {
        "price" => ProductSort.Price,
        "-price" => ProductSort.PriceDescending,
        "name" => ProductSort.Name,
        "relevance" => ProductSort.Relevance,
        "newest" => ProductSort.Newest,
        _ => searching ? ProductSort.Relevance : ProductSort.Newest,
    };
}
