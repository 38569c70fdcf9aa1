using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Inventory;
using EngineRoom.Tests.Infrastructure;

namespace EngineRoom.Tests.Catalog;

/// <summary>Makes catalog data through the admin API, each piece with unique slugs, SKUs and words.</summary>
public sealed class CatalogApi(EngineRoomApp app)
{
    private HttpClient? _admin;

    /// <summary>
    /// A lowercase word no other test uses: letters only, so every tokenizer keeps it whole, and ending in "mk", which
    /// no English stemming rule touches (nor one in its prefix without the final k).
    /// </summary>
    public static string Word() => "zq" + new string(Guid.NewGuid().ToString("N")[..10].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))).ToArray()) + "mk";

    public async Task<HttpClient> AdminAsync() => _admin ??= await app.AdminClientAsync();

    public async Task<JsonElement> CategoryAsync(long? parentId = null, string? slug = null)
    {
        slug ??= $"cat-{Word()}";
        var response = await (await AdminAsync()).PostAsJsonAsync("/admin/categories", new { slug, name = slug, parentId, position = 0 });
        return await response.JsonAsync(HttpStatusCode.Created);
    }

    public static object Price(long amount, string currency = "USD") => new { amount, currency };

    public static object Variant(string sku, params object[] prices) => new { sku, name = sku, options = new[] { new { name = "Size", value = "M" } }, prices };

    public async Task<JsonElement> ProductAsync(string name, long? categoryId = null, long? usd = 1000, bool published = true,
        string description = "", string? slug = null, params object[] variants)
    {
        slug ??= $"p-{Word()}";
        if (variants.Length == 0) variants = [Variant($"SKU-{Word()}", usd is null ? [] : [Price(usd.Value)])];
        var response = await (await AdminAsync()).PostAsJsonAsync("/admin/products",
            new { slug, name, description, categoryId, published, images = new[] { $"/images/{slug}.jpg" }, variants });
        return await response.JsonAsync(HttpStatusCode.Created);
    }

    public Task StockAsync(string sku, long quantity) =>
        app.QueryAsync(async db => { await StockAdjustments.AdjustAsync(db, sku, quantity, "test", null, null, app.Clock.GetUtcNow(), default); return 0; });

    public async Task<JsonElement> ListAsync(string query, HttpClient? client = null) =>
        await (await (client ?? app.CreateClient()).GetAsync($"/store/products?{query}")).JsonAsync();

    public async Task<List<long>> IdsAsync(string query) =>
        (await ListAsync(query)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();

    /// <summary>Follows nextCursor to the end; every id seen, in order.</summary>
    public async Task<List<long>> AllPagesAsync(string query)
    {
        var ids = new List<long>();
        string? cursor = null;
        do
        {
            var page = await ListAsync(cursor is null ? query : $"{query}&cursor={Uri.EscapeDataString(cursor)}");
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        return ids;
    }
}

public static class JsonIds
{
    public static long Id(this JsonElement e) => e.GetProperty("id").GetInt64();
}
