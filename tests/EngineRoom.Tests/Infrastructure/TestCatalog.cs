using System.Net;
using System.Net.Http.Json;

namespace EngineRoom.Tests.Infrastructure;

/// <summary>Products and stock for a test, unique to it, made through the admin API like a shop's staff would.</summary>
public static class TestCatalog
{
    public static string NewSku(string prefix = "SKU") => $"{prefix}-{Guid.NewGuid():N}"[..30].ToUpperInvariant();

    /// <summary>A published product with one variant of the given price (USD and EUR) and stock.</summary>
    public static async Task<string> CreateSkuAsync(EngineRoomApp app, long price = 1999, long stock = 100, bool backorder = false)
    {
        var admin = await app.AdminClientAsync(); // not cached: other tests move the clock past a token's 15 minutes
        var sku = NewSku();
        var product = await admin.PostAsJsonAsync("/admin/products", new
        {
            slug = sku.ToLowerInvariant(), name = $"Product {sku}", description = "A test product", published = true, images = Array.Empty<string>(),
            variants = new[] { new { sku, name = "Default", options = new[] { new { name = "size", value = "M" } },
                prices = new[] { new { amount = price, currency = "USD" }, new { amount = price, currency = "EUR" } } } },
        });
        await product.JsonAsync(HttpStatusCode.Created);
        if (backorder) await (await admin.PatchAsJsonAsync($"/admin/inventory/{sku}", new { allowBackorder = true })).JsonAsync();
        if (stock != 0)
            await (await admin.PostAsJsonAsync($"/admin/inventory/{sku}/adjustments", new { delta = stock, reason = "received", note = "test stock" }))
                .JsonAsync(HttpStatusCode.OK);
        return sku;
    }
}
