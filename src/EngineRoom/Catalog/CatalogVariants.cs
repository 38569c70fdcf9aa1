using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Catalog;

/// <summary>A SKU's variant and its display name (product name, then the variant's), published or not.</summary>
public sealed record VariantRef(string Sku, long VariantId, long ProductId, string Name);

/// <summary>Catalog's face to reporting (Analytics): which variant a SKU is, for lists of SKUs.</summary>
public static class CatalogVariants
{
    public static async Task<Dictionary<string, VariantRef>> LookupAsync(EngineRoomDb db, IReadOnlyCollection<string> skus, CancellationToken ct) =>
        await (from v in db.Variants
               join p in db.Products on v.ProductId equals p.Id
               where skus.Contains(v.Sku)
               select new VariantRef(v.Sku, v.Id, p.Id, v.Name == null ? p.Name : p.Name + " (" + v.Name + ")"))
            .AsNoTracking().ToDictionaryAsync(s => s.Sku, ct);

    /// <summary>The first <paramref name="take"/> SKUs of published products, oldest first (the demo's history sells these).</summary>
    public static Task<List<string>> FirstSkusAsync(EngineRoomDb db, int take, CancellationToken ct) =>
        (from v in db.Variants join p in db.Products on v.ProductId equals p.Id where p.Published orderby v.Id select v.Sku).Take(take).ToListAsync(ct);
}
