using EngineRoom.Catalog;
using EngineRoom.Data;
using EngineRoom.Inventory;

namespace EngineRoom.GraphQL;

internal readonly record struct ProductKey(long Id, string Currency);

/// <summary>
/// The batches behind nested fields, one query each whatever the page size: products by id (the list's own details
/// query), variants with their prices by product, stock by SKU, categories by id, products by SKU (order and cart lines).
/// </summary>
internal sealed class Loaders(EngineRoomDb db)
{
    public BatchLoader<ProductKey, ListedProduct> Products { get; } = new(async (keys, ct) =>
    {
        var found = new Dictionary<ProductKey, ListedProduct>();
        foreach (var group in keys.GroupBy(k => k.Currency))
            foreach (var (id, product) in await ProductListQuery.DetailsAsync(db, group.Select(k => k.Id).ToList(), group.Key, ct))
                if (product.Published) found[new(id, group.Key)] = product; // unpublished products do not exist for the store
        return found;
    });

    public BatchLoader<long, List<Variant>> Variants { get; } = new((ids, ct) => CatalogBatches.VariantsAsync(db, ids, ct));

    public BatchLoader<long, string> Descriptions { get; } = new((ids, ct) => CatalogBatches.DescriptionsAsync(db, ids, ct));

    public BatchLoader<string, long> Available { get; } = new(async (skus, ct) =>
        await InventoryQueries.AvailableBySkuAsync(db, skus, ct));

    public BatchLoader<long, CategoryNode> Categories { get; } = new(async (ids, ct) =>
        (await CatalogBatches.CategoriesAsync(db, ids, ct)).ToDictionary(e => e.Key, e => new CategoryNode(e.Value.Id, e.Value.Slug, e.Value.Name,
            e.Value.ParentId, e.Value.Path, e.Value.Position)));

    /// <summary>What product a SKU belongs to (published products only), for order and cart lines.</summary>
    public BatchLoader<string, long> ProductOfSku { get; } = new(async (skus, ct) =>
        (await CatalogSkus.LookupAsync(db, skus, "", ct)).ToDictionary(s => s.Key, s => s.Value.ProductId));
}
