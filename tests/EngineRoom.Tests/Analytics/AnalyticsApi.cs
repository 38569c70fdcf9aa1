using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Analytics;
using EngineRoom.Common.Outbox;
using EngineRoom.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EngineRoom.Tests.Analytics;

/// <summary>What the analytics tests do through the API: a product sold in a currency of the test's own, Buy Now, dispatch.</summary>
public static class AnalyticsApi
{
    /// <summary>A published product priced only in <paramref name="currency"/>, with stock.</summary>
    public static async Task<string> SkuInAsync(EngineRoomApp app, string currency, long price, long stock = 100)
    {
        var admin = await app.AdminClientAsync();
        var sku = TestCatalog.NewSku("AN");
        await (await admin.PostAsJsonAsync("/admin/products", new
        {
            slug = sku.ToLowerInvariant(), name = $"Gadget {sku}", description = "Sold in analytics tests", published = true, images = Array.Empty<string>(),
            variants = new[] { new { sku, name = "Blue", options = new[] { new { name = "colour", value = "blue" } },
                prices = new[] { new { amount = price, currency } } } },
        })).JsonAsync(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync($"/admin/inventory/{sku}/adjustments", new { delta = stock, reason = "received" })).JsonAsync();
        return sku;
    }

    public static async Task<HttpResponseMessage> BuyNowAsync(EngineRoomApp app, string sku, string currency, int quantity = 1,
        string email = "analytics@example.com", string token = "tok_visa", HttpClient? client = null) =>
        await (client ?? app.CreateClient()).SendAsync(new HttpRequestMessage(HttpMethod.Post, "/store/orders")
        {
            Content = JsonContent.Create(new { lines = new[] { new { sku, quantity } }, paymentToken = token, email, currency }),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        });

    public static async Task<Guid> BuyAsync(EngineRoomApp app, string sku, string currency, int quantity = 1, string email = "analytics@example.com") =>
        (await (await BuyNowAsync(app, sku, currency, quantity, email)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    /// <summary>Hands every waiting outbox message to its handlers, and writes the funnel's counters.</summary>
    public static async Task CountAsync(EngineRoomApp app)
    {
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        while (await dispatcher.DispatchAsync(default) > 0) { }
        // What the background dispatcher claimed meanwhile is counted when it finishes: wait for it.
        await Eventually.AssertAsync(() => app.QueryAsync(async db => !await db.OutboxMessages.AnyAsync(m => m.DispatchedAt == null)), "the outbox dispatched");
        await app.Services.GetRequiredService<CheckoutCounters>().FlushAsync(default);
    }

    public static string Q(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O"));

    public static async Task<JsonElement> SummaryAsync(EngineRoomApp app, string currency, string interval = "hour", HttpClient? client = null)
    {
        var now = app.Clock.GetUtcNow();
        return await (await (client ?? await app.AdminClientAsync())
            .GetAsync($"/admin/analytics/summary?currency={currency}&interval={interval}&from={Q(now.AddHours(-2))}&to={Q(now.AddHours(2))}")).JsonAsync();
    }

    public static long Total(JsonElement summary, string field) => summary.GetProperty("totals").GetProperty(field).GetInt64();
}
