using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Catalog;

/// <summary>What a SKU is, for carts and checkout: its product and its price in one currency (null when it has none).</summary>
public sealed record SkuInfo(string Sku, long ProductId, string ProductName, string? VariantName, long? UnitPrice);

/// <summary>Catalog's face to the modules that sell: only published products' SKUs are found.</summary>
public static class CatalogSkus
{
    public static async Task<Dictionary<string, SkuInfo>> LookupAsync(EngineRoomDb db, IReadOnlyCollection<string> skus, string currency, CancellationToken ct) =>
        await (from v in db.Variants
               join p in db.Products on v.ProductId equals p.Id
               where p.Published && skus.Contains(v.Sku)
               select new SkuInfo(v.Sku, p.Id, p.Name, v.Name,
                   v.Prices.Where(x => x.Currency == currency).Select(x => (long?)x.Amount).FirstOrDefault()))
            .AsNoTracking().ToDictionaryAsync(s => s.Sku, ct);

    /// <summary>The same lookup as one statement of a <see cref="SqlBatch"/> (the cart and checkout hot paths); read <see cref="SkuLookup.Found"/> once it ran.</summary>
    public static SkuLookup Lookup(SqlBatch batch, IReadOnlyCollection<string> skus, string currency)
    {
        if (skus.Count == 0) return new SkuLookup(null);
        var list = skus.ToList();
        return new SkuLookup(batch.Add($$"""
            SELECT v."Sku", p."Id", p."Name", v."Name", x."Amount"
            FROM catalog_variants v
            JOIN catalog_products p ON p."Id" = v."ProductId"
            LEFT JOIN catalog_variant_prices x ON x."VariantId" = v."Id" AND x."Currency" = {0}
            WHERE p."Published" AND v."Sku" IN ({{SqlBatch.List(list.Count, first: 1)}})
            """, [currency, .. list]));
    }

    public sealed class SkuLookup(SqlBatch.Statement? select)
    {
        public Dictionary<string, SkuInfo> Found => select is null ? [] : select.Rows.ToDictionary(r => (string)r[0],
            r => new SkuInfo((string)r[0], SqlValues.Long(r[1]), (string)r[2], SqlValues.String(r[3]), SqlValues.NullableLong(r[4])));
    }
}
