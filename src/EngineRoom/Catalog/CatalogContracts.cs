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
}
