using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.Extensions.Options;

namespace EngineRoom.Catalog.Admin;

/// <summary>Staff's product list: like the store's, unpublished products included (or only, with published=false).</summary>
internal static class ListAdminProducts
{
    private sealed record Query(string? Q, string? Category, bool? Published, string? Currency, string? Sort, int? Limit, string? Cursor);

    public sealed record Item(long Id, string Slug, string Name, long? CategoryId, bool Published, PriceRange? Price, bool InStock);

    public static RouteHandlerBuilder MapListAdminProducts(this RouteGroupBuilder admin) =>
        admin.MapGet("/products", Handle).WithName(nameof(ListAdminProducts))
            .WithSummary("List all products, published or not");

    private static async Task<Results<Ok<Page<Item>>, ProblemHttpResult>> Handle(
        [MaxLength(200)] string? q,
        [MaxLength(200)] string? category,
        bool? published,
        [KnownCurrency] string? currency,
        [RegularExpression(ListProducts.SortPattern, ErrorMessage = ListProducts.SortMessage)] string? sort,
        [Range(1, 100)] int? limit,
        [MaxLength(1000)] string? cursor,
        EngineRoomDb db, IOptions<StoreOptions> store, CancellationToken ct)
    {
        var query = new Query(q, category, published, currency, sort, limit, cursor);
        var tokens = ProductSearch.Tokenize(query.Q);
        if (query.Sort == "relevance" && tokens.Count == 0) return Problems.Validation("sort", "Sorting by relevance needs a search (q).");
        List<long>? categoryIds = null;
        if (!string.IsNullOrWhiteSpace(query.Category))
        {
            var found = await CategoryQueries.FindAsync(db, query.Category, ct);
            if (found is null) return Problems.Validation("category", $"No category has the id or slug '{query.Category}'.");
            categoryIds = await CategoryQueries.SubtreeIdsAsync(db, found, ct);
        }

        var inCurrency = query.Currency ?? store.Value.Currency;
        var filter = new ProductFilter(tokens, categoryIds, null, null, inCurrency, null, query.Published);
        var order = ListProducts.ParseSort(query.Sort, searching: tokens.Count > 0);
        if (!Cursor.TryDecode<ListPosition>(query.Cursor, out var after)) return Cursor.Invalid();
        if (after is not null && !ProductListQuery.Continues(after, filter, order))
            return Problems.Validation("cursor", "The cursor belongs to a list with another sort or filter. Start again without it.");

        var page = await ProductListQuery.PageAsync(db, filter, order, after, query.Limit ?? 50, ct);
        return TypedResults.Ok(new Page<Item>(page.Items.Select(p => new Item(p.Id, p.Slug, p.Name, p.CategoryId, p.Published,
            p.MinPrice is { } min && p.MaxPrice is { } max ? new PriceRange(new(min, inCurrency), new(max, inCurrency)) : null,
            p.InStock)).ToList(), page.NextCursor));
    }
}
