using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using EngineRoom.Common;
using EngineRoom.Data;
using EngineRoom.Inventory;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Catalog;

internal enum ProductSort { Newest, Price, PriceDescending, Name, Relevance }

/// <summary>What a product list is narrowed to. <see cref="CategoryIds"/> is a category and all its descendants.</summary>
internal sealed record ProductFilter(
    IReadOnlyList<string> Tokens, IReadOnlyList<long>? CategoryIds, long? MinPrice, long? MaxPrice, string Currency,
    bool? InStock, bool? Published)
{
    /// <summary>A fingerprint of the filter, carried in cursors so that a cursor only continues the list it came from.</summary>
    public string Fingerprint()
    {
        var text = string.Join('|', string.Join(' ', Tokens), string.Join(',', CategoryIds ?? []), MinPrice, MaxPrice, Currency, InStock, Published);
        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 9);
    }
}

/// <summary>A keyset position: the sort, the filter fingerprint, and the sort key and id of the last row shown.</summary>
internal sealed record ListPosition(
    [property: JsonPropertyName("s")] string Sort,
    [property: JsonPropertyName("f")] string Filter,
    [property: JsonPropertyName("i")] long Id,
    [property: JsonPropertyName("n"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name = null,
    [property: JsonPropertyName("p"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Price = null,
    [property: JsonPropertyName("r"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Rank = null,
    [property: JsonPropertyName("u"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Unpriced = false);

internal sealed record ListedProduct(long Id, string Slug, string Name, string? ShortDescription, long? CategoryId, bool Published,
    IReadOnlyList<string> Images, long? MinPrice, long? MaxPrice, bool InStock);

/// <summary>
/// The product list behind the store and admin endpoints: filters, five sorts and keyset pagination with the id as
/// tiebreak, so paging never repeats or skips a row while products are added. Two queries: the page of keys, then
/// the page's details (price range and stock flag for those rows only).
/// </summary>
internal static class ProductListQuery
{
    private sealed class KeyRow
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public long Price { get; init; }
        public double Rank { get; init; }
        public bool Unpriced { get; set; }
    }

    public static string Name(ProductSort sort) => sort switch
    {
        ProductSort.Price => "price", ProductSort.PriceDescending => "-price", ProductSort.Name => "name",
        ProductSort.Relevance => "relevance", _ => "newest",
    };

    /// <summary>Whether <paramref name="after"/> continues this very list and carries the key its sort needs.</summary>
    public static bool Continues(ListPosition after, ProductFilter filter, ProductSort sort) =>
        after.Sort == Name(sort) && after.Filter == filter.Fingerprint() && sort switch
        {
            ProductSort.Name => after.Name is not null,
            ProductSort.Price or ProductSort.PriceDescending => after.Price is not null || after.Unpriced,
            ProductSort.Relevance => after.Rank is not null,
            _ => true,
        };

    public static async Task<Page<ListedProduct>> PageAsync(EngineRoomDb db, ProductFilter filter, ProductSort sort,
        ListPosition? after, int limit, CancellationToken ct)
    {
        var keys = await KeysAsync(db, filter, sort, after, limit + 1, ct);
        var shown = keys.Take(limit).ToList();
        var details = await DetailsAsync(db, shown.Select(k => k.Id).ToList(), filter.Currency, ct);
        var fingerprint = filter.Fingerprint();
        var next = keys.Count > limit ? Cursor.Encode(new ListPosition(Name(sort), fingerprint, shown[^1].Id,
            Name: sort == ProductSort.Name ? shown[^1].Name : null,
            Price: sort is ProductSort.Price or ProductSort.PriceDescending && !shown[^1].Unpriced ? shown[^1].Price : null,
            Rank: sort == ProductSort.Relevance ? shown[^1].Rank : null,
            Unpriced: shown[^1].Unpriced)) : null;
        // A product deleted between the two queries is left out; the cursor still continues after it.
        return new Page<ListedProduct>(shown.Where(k => details.ContainsKey(k.Id)).Select(k => details[k.Id]).ToList(), next);
    }

    private static async Task<List<KeyRow>> KeysAsync(EngineRoomDb db, ProductFilter f, ProductSort sort, ListPosition? after, int take, CancellationToken ct)
    {
        var products = db.Products.AsQueryable();
        if (f.Published is { } published) products = products.Where(p => p.Published == published);
        if (f.CategoryIds is { } categories) products = products.Where(p => p.CategoryId != null && categories.Contains(p.CategoryId.Value));
        if (f.InStock is { } inStock)
        {
            var available = InventoryQueries.AvailableSkus(db);
            // Any(s => s == sku) is a correlated EXISTS probing the stock index; Contains would build the set of every available SKU.
            // Written as EXISTS / NOT EXISTS, not "EXISTS = @flag", so the planner can stop at the first page of rows.
            products = inStock
                ? products.Where(p => db.Variants.Any(v => v.ProductId == p.Id && available.Any(s => s == v.Sku)))
                : products.Where(p => !db.Variants.Any(v => v.ProductId == p.Id && available.Any(s => s == v.Sku)));
        }

        var rows = f.Tokens.Count == 0
            ? products.Select(p => new KeyRow { Id = p.Id, Name = p.Name })
            : products.Join(ProductSearch.Hits(db, f.Tokens, ranked: sort == ProductSort.Relevance), p => p.Id, h => h.ProductId, (p, h) => new KeyRow { Id = p.Id, Name = p.Name, Rank = h.Rank });

        var byPrice = sort is ProductSort.Price or ProductSort.PriceDescending;
        if (!byPrice && f.MinPrice is null && f.MaxPrice is null) return await Ordered(rows, sort, after).Take(take).ToListAsync(ct);

        // Price sorts and filters read the product's lowest price in the currency ("from" price), through the
        // (Currency, MinAmount, ProductId) index. Products without a price in it follow the priced ones in a sort and
        // are left out by a price filter.
        var ranges = db.ProductPriceRanges.Where(r => r.Currency == f.Currency);
        if (f.MinPrice is { } min) ranges = ranges.Where(r => r.MinAmount >= min);
        if (f.MaxPrice is { } max) ranges = ranges.Where(r => r.MinAmount <= max);
        var priced = rows.Join(ranges, x => x.Id, r => r.ProductId, (x, r) => new KeyRow { Id = r.ProductId, Name = x.Name, Rank = x.Rank, Price = r.MinAmount });

        List<KeyRow> page = after?.Unpriced == true ? [] : await Ordered(priced, sort, after).Take(take).ToListAsync(ct);
        if (!byPrice || f.MinPrice is not null || f.MaxPrice is not null || page.Count == take) return page;

        var currency = f.Currency;
        var unpriced = rows.Where(x => !db.ProductPriceRanges.Any(r => r.ProductId == x.Id && r.Currency == currency));
        if (after?.Unpriced == true) unpriced = unpriced.Where(x => x.Id > after.Id);
        var rest = await unpriced.OrderBy(x => x.Id).Take(take - page.Count).ToListAsync(ct);
        rest.ForEach(r => r.Unpriced = true);
        return [.. page, .. rest];
    }

    // Each keyset condition is written "key >= k AND (key > k OR id beyond)" so that the index range starts at the
    // cursor on both providers instead of scanning from the first row.
    private static IQueryable<KeyRow> Ordered(IQueryable<KeyRow> rows, ProductSort sort, ListPosition? a)
    {
        switch (sort)
        {
            case ProductSort.Name:
                if (a?.Name is { } n) rows = rows.Where(x => x.Name.CompareTo(n) >= 0 && (x.Name.CompareTo(n) > 0 || x.Id > a.Id));
                return rows.OrderBy(x => x.Name).ThenBy(x => x.Id);
            case ProductSort.Price:
                if (a?.Price is { } p) rows = rows.Where(x => x.Price >= p && (x.Price > p || x.Id > a.Id));
                return rows.OrderBy(x => x.Price).ThenBy(x => x.Id);
            case ProductSort.PriceDescending:
                if (a?.Price is { } q) rows = rows.Where(x => x.Price <= q && (x.Price < q || x.Id < a.Id));
                return rows.OrderByDescending(x => x.Price).ThenByDescending(x => x.Id);
            case ProductSort.Relevance:
                if (a?.Rank is { } r) rows = rows.Where(x => x.Rank <= r && (x.Rank < r || x.Id < a.Id));
                return rows.OrderByDescending(x => x.Rank).ThenByDescending(x => x.Id);
            default:
                if (a is not null) rows = rows.Where(x => x.Id < a.Id);
                return rows.OrderByDescending(x => x.Id);
        }
    }

    internal static async Task<Dictionary<long, ListedProduct>> DetailsAsync(EngineRoomDb db, List<long> ids, string currency, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var available = InventoryQueries.AvailableSkus(db);
        return await db.Products.Where(p => ids.Contains(p.Id))
            .Select(p => new ListedProduct(p.Id, p.Slug, p.Name, p.ShortDescription, p.CategoryId, p.Published, p.Images,
                p.PriceRanges.Where(r => r.Currency == currency).Select(r => (long?)r.MinAmount).FirstOrDefault(),
                p.PriceRanges.Where(r => r.Currency == currency).Select(r => (long?)r.MaxAmount).FirstOrDefault(),
                p.Variants.Any(v => available.Any(s => s == v.Sku))))
            .ToDictionaryAsync(p => p.Id, ct);
    }
}
