using System.Net;
using EngineRoom.Tests.Infrastructure;

namespace EngineRoom.Tests.Catalog;

/// <summary>The store's product list and detail. Every assertion is scoped by a fresh word or category.</summary>
public abstract class StoreCatalogTests(EngineRoomApp app)
{
    private readonly CatalogApi _catalog = new(app);

    [Fact]
    public async Task Search_stems_words_and_matches_the_last_word_as_a_prefix()
    {
        var word = CatalogApi.Word();
        var jacket = await _catalog.ProductAsync($"{word} Running Jacket");
        var lamp = await _catalog.ProductAsync($"{word} Desk Lamp", description: "Bright bulbs");

        Assert.Equal([jacket.Id()], await _catalog.IdsAsync($"q=runs+{word}"));                 // runs ~ running
        Assert.Equal([lamp.Id()], await _catalog.IdsAsync($"q={word}+bulb"));                    // bulb ~ bulbs, in the description
        Assert.Equal([jacket.Id()], await _catalog.IdsAsync($"q={word}+jack"));                  // prefix of the last word
        Assert.Equal(2, (await _catalog.IdsAsync($"q={word[..^1]}")).Count);                     // search as you type
        Assert.Empty(await _catalog.IdsAsync($"q=jack+{word}x"));                                // every word must match
        Assert.Equal([jacket.Id()], await _catalog.IdsAsync($"q={Uri.EscapeDataString($"\"{word}\" * jacket:* & | (")}")); // syntax is not passed on
    }

    [Fact]
    public async Task A_code_that_reads_like_a_number_is_found_whole_and_by_prefix()
    {
        // "12E3..." parses as a number on PostgreSQL's query side, but the product's name kept it whole inside "SKU-12E3...".
        var code = $"SKU-12E3{Guid.NewGuid():N}"[..30].ToUpperInvariant();
        var product = await _catalog.ProductAsync($"Product {code}");
        Assert.Equal([product.Id()], await _catalog.IdsAsync($"q={code.ToLowerInvariant()}"));
        Assert.Equal([product.Id()], await _catalog.IdsAsync($"q={code[..20]}"));
    }

    [Fact]
    public async Task Relevance_puts_name_matches_before_description_matches()
    {
        var word = CatalogApi.Word();
        var inDescription = await _catalog.ProductAsync("Plain Mug", description: $"A mug that pairs with {word} plates.");
        var inName = await _catalog.ProductAsync($"{word} Plate");
        Assert.Equal([inName.Id(), inDescription.Id()], await _catalog.IdsAsync($"q={word}"));
        Assert.Equal([inName.Id(), inDescription.Id()], await _catalog.AllPagesAsync($"q={word}&sort=relevance&limit=1"));
    }

    [Fact]
    public async Task Category_filter_includes_descendants_by_id_or_slug()
    {
        var parent = await _catalog.CategoryAsync();
        var child = await _catalog.CategoryAsync(parent.Id());
        var other = await _catalog.CategoryAsync();
        var inParent = await _catalog.ProductAsync("In parent", parent.Id());
        var inChild = await _catalog.ProductAsync("In child", child.Id());
        await _catalog.ProductAsync("Elsewhere", other.Id());

        Assert.Equal([inChild.Id(), inParent.Id()], await _catalog.IdsAsync($"category={parent.GetProperty("slug").GetString()}"));
        Assert.Equal([inChild.Id()], await _catalog.IdsAsync($"category={child.Id()}"));
        await (await app.CreateClient().GetAsync("/store/products?category=no-such-category-anywhere"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Price_filter_uses_the_from_price_in_the_requested_currency()
    {
        var category = (await _catalog.CategoryAsync()).Id();
        await _catalog.ProductAsync("Cheap", category, usd: 500);
        var middle = await _catalog.ProductAsync("Middle", category, usd: 1500);
        await _catalog.ProductAsync("Dear", category, usd: 2500);
        var euro = await _catalog.ProductAsync("Euro only", category, variants: CatalogApi.Variant($"SKU-{CatalogApi.Word()}", CatalogApi.Price(1200, "EUR")));

        Assert.Equal([middle.Id()], await _catalog.IdsAsync($"category={category}&minPrice=1000&maxPrice=2000"));
        Assert.Equal([euro.Id()], await _catalog.IdsAsync($"category={category}&minPrice=1000&maxPrice=2000&currency=EUR"));
        var item = (await _catalog.ListAsync($"category={category}&minPrice=1000&maxPrice=2000")).GetProperty("items")[0];
        Assert.Equal(1500, item.GetProperty("price").GetProperty("min").GetProperty("amount").GetInt64());
        Assert.Equal("USD", item.GetProperty("price").GetProperty("min").GetProperty("currency").GetString());
    }

    [Fact]
    public async Task In_stock_filter_and_flag_follow_inventory()
    {
        var category = (await _catalog.CategoryAsync()).Id();
        var stockedSku = $"SKU-{CatalogApi.Word()}";
        var stocked = await _catalog.ProductAsync("Stocked", category, variants: CatalogApi.Variant(stockedSku, CatalogApi.Price(100)));
        var empty = await _catalog.ProductAsync("Empty", category);
        await _catalog.StockAsync(stockedSku, 3);

        Assert.Equal([stocked.Id()], await _catalog.IdsAsync($"category={category}&inStock=true"));
        Assert.Equal([empty.Id()], await _catalog.IdsAsync($"category={category}&inStock=false"));
        var items = (await _catalog.ListAsync($"category={category}")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([false, true], items.Select(i => i.GetProperty("inStock").GetBoolean()));

        var detail = await (await app.CreateClient().GetAsync($"/store/products/{stocked.GetProperty("slug").GetString()}")).JsonAsync();
        Assert.Equal(3, detail.GetProperty("variants")[0].GetProperty("available").GetInt64());
        Assert.True(detail.GetProperty("inStock").GetBoolean());
    }

    [Fact]
    public async Task Every_sort_orders_with_the_id_as_tiebreak()
    {
        var category = (await _catalog.CategoryAsync()).Id();
        var b = await _catalog.ProductAsync("Bravo", category, usd: 300);
        var a = await _catalog.ProductAsync("Alpha", category, usd: 300);
        var c = await _catalog.ProductAsync("Charlie", category, usd: 100);
        var unpriced = await _catalog.ProductAsync("Delta", category, usd: null);

        Assert.Equal([unpriced.Id(), c.Id(), a.Id(), b.Id()], await _catalog.AllPagesAsync($"category={category}&limit=3"));
        Assert.Equal([a.Id(), b.Id(), c.Id(), unpriced.Id()], await _catalog.AllPagesAsync($"category={category}&sort=name&limit=1"));
        Assert.Equal([c.Id(), b.Id(), a.Id(), unpriced.Id()], await _catalog.AllPagesAsync($"category={category}&sort=price&limit=1"));
        Assert.Equal([a.Id(), b.Id(), c.Id(), unpriced.Id()], await _catalog.AllPagesAsync($"category={category}&sort=-price&limit=2"));
    }

    [Fact]
    public async Task A_cursor_only_continues_its_own_sort_and_filter()
    {
        var category = (await _catalog.CategoryAsync()).Id();
        for (var i = 0; i < 3; i++) await _catalog.ProductAsync($"Item {i}", category);
        var cursor = (await _catalog.ListAsync($"category={category}&sort=name&limit=1")).GetProperty("nextCursor").GetString();
        var client = app.CreateClient();
        foreach (var other in new[] { $"category={category}&sort=price", $"sort=name", $"category={category}&sort=name&inStock=true" })
        {
            var problem = await (await client.GetAsync($"/store/products?{other}&limit=1&cursor={cursor}"))
                .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _));
        }
        await (await client.GetAsync("/store/products?cursor=not-a-cursor")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.GetAsync("/store/products?limit=0&currency=XYZ&sort=cheapest")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Unpublished_products_are_invisible_to_the_store()
    {
        var word = CatalogApi.Word();
        var hidden = await _catalog.ProductAsync($"{word} Draft", published: false);
        var shown = await _catalog.ProductAsync($"{word} Live");
        Assert.Equal([shown.Id()], await _catalog.IdsAsync($"q={word}"));
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/store/products/{hidden.Id()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/store/products/{hidden.GetProperty("slug").GetString()}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/store/products/{shown.Id()}")).StatusCode);

        var admin = await _catalog.AdminAsync();
        var drafts = await (await admin.GetAsync($"/admin/products?q={word}&published=false")).JsonAsync();
        Assert.Equal([hidden.Id()], drafts.GetProperty("items").EnumerateArray().Select(i => i.Id()));
    }

    [Fact]
    public async Task Product_detail_has_variants_prices_and_breadcrumb()
    {
        var parent = await _catalog.CategoryAsync();
        var child = await _catalog.CategoryAsync(parent.Id());
        var sku1 = $"SKU-{CatalogApi.Word()}";
        var product = await _catalog.ProductAsync("Detailed", child.Id(), variants:
            [CatalogApi.Variant(sku1, CatalogApi.Price(1000), CatalogApi.Price(900, "EUR")), CatalogApi.Variant($"SKU-{CatalogApi.Word()}", CatalogApi.Price(1400))]);

        var detail = await (await app.CreateClient().GetAsync($"/store/products/{product.Id()}?currency=EUR")).JsonAsync();
        Assert.Equal([parent.Id(), child.Id()], detail.GetProperty("breadcrumb").EnumerateArray().Select(c => c.Id()));
        Assert.Equal(900, detail.GetProperty("price").GetProperty("min").GetProperty("amount").GetInt64());
        var variants = detail.GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal(sku1, variants[0].GetProperty("sku").GetString());
        Assert.Equal(2, variants[0].GetProperty("prices").GetArrayLength());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, variants[1].GetProperty("price").ValueKind); // no EUR price
        Assert.Equal(0, variants[1].GetProperty("available").GetInt64());
        Assert.Equal("Size", variants[0].GetProperty("options")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Categories_are_listed_parents_first()
    {
        var parent = await _catalog.CategoryAsync();
        var child = await _catalog.CategoryAsync(parent.Id());
        var list = await (await app.CreateClient().GetAsync("/store/categories")).JsonAsync();
        var ids = list.GetProperty("items").EnumerateArray().Select(c => c.Id()).ToList();
        Assert.True(ids.IndexOf(parent.Id()) < ids.IndexOf(child.Id()));
        var listedChild = list.GetProperty("items").EnumerateArray().Single(c => c.Id() == child.Id());
        Assert.Equal(parent.Id(), listedChild.GetProperty("parentId").GetInt64());
        Assert.Equal($"/{parent.Id()}/{child.Id()}/", listedChild.GetProperty("path").GetString());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class StoreCatalogTestsOnSqlite(SqliteApp app) : StoreCatalogTests(app);

[Collection(PostgresCollection.Name)]
public sealed class StoreCatalogTestsOnPostgres(PostgresApp app) : StoreCatalogTests(app);
