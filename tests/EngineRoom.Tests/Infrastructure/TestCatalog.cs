using EngineRoom.Catalog;
using EngineRoom.Common;
using EngineRoom.Inventory;

namespace EngineRoom.Tests.Infrastructure;

/// <summary>Products and stock for a test, unique to it.</summary>
public static class TestCatalog
{
    public static string NewSku(string prefix = "SKU") => $"{prefix}-{Guid.NewGuid():N}"[..30].ToUpperInvariant();

    /// <summary>A published product with one variant of the given price (USD) and stock.</summary>
    public static async Task<string> CreateSkuAsync(EngineRoomApp app, long price = 1999, long stock = 100, bool backorder = false)
    {
        var sku = NewSku();
        await app.QueryAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            var product = Product.Create(sku.ToLowerInvariant(), $"Product {sku}", "A test product", null, published: true, [], now);
            product.AddVariant(sku, "Default", [new VariantOption("size", "M")], [new Money(price, "USD"), new Money(price, "EUR")], now);
            db.Products.Add(product);
            if (backorder) db.InventoryItems.Add(new InventoryItem { Sku = sku, AllowBackorder = true });
            await db.SaveChangesAsync();
            if (stock != 0) await StockAdjustments.AdjustAsync(db, sku, stock, "received", "test stock", null, now, default);
            return true;
        });
        return sku;
    }
}
