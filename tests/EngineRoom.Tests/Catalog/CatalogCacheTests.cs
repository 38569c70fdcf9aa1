using System.Net;
using System.Net.Http.Json;
using EngineRoom.Tests.Infrastructure;

namespace EngineRoom.Tests.Catalog;

/// <summary>The store's catalog reads come from the output cache; a staff change through the API evicts it at once.</summary>
public abstract class CatalogCacheTests(EngineRoomApp app)
{
    [Fact]
    public async Task A_repeated_product_page_and_list_cost_no_SQL_and_a_staff_change_shows_at_once()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 5);
        var store = app.CreateClient();
        var page = $"/store/products/{sku.ToLowerInvariant()}";
        var list = $"/store/products?q={sku.ToLowerInvariant()}";
        Assert.Equal(5, (await store.GetAsync(page).JsonAsync()).GetProperty("variants")[0].GetProperty("available").GetInt64());
        Assert.Single((await store.GetAsync(list).JsonAsync()).GetProperty("items").EnumerateArray());

        var before = app.Sql.Count;
        Assert.Equal(HttpStatusCode.OK, (await store.GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await store.GetAsync(list)).StatusCode);
        Assert.Equal(0, app.Sql.Count - before);

        var admin = await app.AdminClientAsync();
        var adjusted = await admin.PostAsJsonAsync($"/admin/inventory/{sku}/adjustments", new { delta = 3, reason = "received" });
        Assert.True(adjusted.IsSuccessStatusCode, await adjusted.Content.ReadAsStringAsync());
        Assert.Equal(8, (await store.GetAsync(page).JsonAsync()).GetProperty("variants")[0].GetProperty("available").GetInt64());

        var id = (await store.GetAsync(page).JsonAsync()).GetProperty("id").GetInt64();
        var renamed = await admin.PutAsJsonAsync($"/admin/products/{id}", new
        {
            slug = sku.ToLowerInvariant(), name = $"Renamed {sku}", description = "A test product", published = true, images = Array.Empty<string>(),
        });
        Assert.True(renamed.IsSuccessStatusCode, await renamed.Content.ReadAsStringAsync());
        Assert.Equal($"Renamed {sku}", (await store.GetAsync(list).JsonAsync()).GetProperty("items")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_signed_in_customer_is_not_served_from_the_cache()
    {
        var sku = await TestCatalog.CreateSkuAsync(app);
        var customer = await app.CustomerClientAsync();
        var page = $"/store/products/{sku.ToLowerInvariant()}";
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync(page)).StatusCode);
        var before = app.Sql.Count;
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync(page)).StatusCode);
        Assert.True(app.Sql.Count - before > 0);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CatalogCacheTestsOnSqlite(SqliteApp app) : CatalogCacheTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CatalogCacheTestsOnPostgres(PostgresApp app) : CatalogCacheTests(app);
