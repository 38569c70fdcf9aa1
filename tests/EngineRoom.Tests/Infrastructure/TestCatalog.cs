using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;

namespace EngineRoom.Tests.Infrastructure;

/// <summary>Products and stock for a test, unique to it, made through the admin API like a shop's staff would.</summary>
public static class TestCatalog
{
    private sealed record Admin(Task<HttpClient> Client, DateTimeOffset SignedInAt);
    private static readonly ConditionalWeakTable<EngineRoomApp, Admin> Admins = new();

    // Some tests move the clock past the access token's 15 minutes; an admin signed in before that must sign in again.
    private static Task<HttpClient> AdminAsync(EngineRoomApp app)
    {
        lock (Admins)
        {
            var now = app.Clock.GetUtcNow();
            if (!Admins.TryGetValue(app, out var admin) || now - admin.SignedInAt > TimeSpan.FromMinutes(5))
                Admins.AddOrUpdate(app, admin = new Admin(app.AdminClientAsync(), now));
            return admin.Client;
        }
    }

    public static string NewSku(string prefix = "SKU") => $"{prefix}-{Guid.NewGuid():N}"[..30].ToUpperInvariant();

    /// <summary>A published product with one variant of the given price (USD and EUR) and stock.</summary>
    public static async Task<string> CreateSkuAsync(EngineRoomApp app, long price = 1999, long stock = 100, bool backorder = false)
    {
        var admin = await AdminAsync(app);
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
