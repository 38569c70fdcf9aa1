using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Catalog;

/// <summary>Catalog's face for batched reads (GraphQL's nested fields): one query for any number of keys.</summary>
internal static class CatalogBatches
{
    public static async Task<IReadOnlyDictionary<long, List<Variant>>> VariantsAsync(EngineRoomDb db, IReadOnlyCollection<long> productIds, CancellationToken ct) =>
        (await db.Variants.AsNoTracking().Include(v => v.Prices).Where(v => productIds.Contains(v.ProductId)).ToListAsync(ct))
            .GroupBy(v => v.ProductId).ToDictionary(g => g.Key, g => g.OrderBy(v => v.Id).ToList());

    public static async Task<IReadOnlyDictionary<long, string>> DescriptionsAsync(EngineRoomDb db, IReadOnlyCollection<long> productIds, CancellationToken ct) =>
        await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Description, ct);

    public static async Task<IReadOnlyDictionary<long, Category>> CategoriesAsync(EngineRoomDb db, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        await db.Categories.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
}
