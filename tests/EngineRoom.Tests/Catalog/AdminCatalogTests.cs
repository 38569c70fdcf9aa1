using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EngineRoom.Tests.Infrastructure;

namespace EngineRoom.Tests.Catalog;

/// <summary>The staff API: validation, conflicts, authorization, categories, and price ranges kept in step.</summary>
public abstract class AdminCatalogTests(EngineRoomApp app)
{
    private readonly CatalogApi _catalog = new(app);

    private static void AssertFieldError(JsonElement problem, string fragment) =>
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any(e => e.Name.Contains(fragment, StringComparison.OrdinalIgnoreCase)),
            $"no error naming '{fragment}': {problem}");

    [Fact]
    public async Task Bad_prices_currencies_and_slugs_get_400_naming_the_field()
    {
        var admin = await _catalog.AdminAsync();
        var sku = $"SKU-{CatalogApi.Word()}";
        var negative = await (await admin.PostAsJsonAsync("/admin/products", new { slug = $"p-{CatalogApi.Word()}", name = "X",
            variants = new[] { CatalogApi.Variant(sku, CatalogApi.Price(-1)) } })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        AssertFieldError(negative, "amount");
        var unknown = await (await admin.PostAsJsonAsync("/admin/products", new { slug = $"p-{CatalogApi.Word()}", name = "X",
            variants = new[] { CatalogApi.Variant(sku, CatalogApi.Price(100, "XXX")) } })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        AssertFieldError(unknown, "currency");
        var slug = await (await admin.PostAsJsonAsync("/admin/products", new { slug = "Not A Slug", name = "X" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        AssertFieldError(slug, "slug");
        var categorySlug = await (await admin.PostAsJsonAsync("/admin/categories", new { slug = "double--hyphen", name = "X" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        AssertFieldError(categorySlug, "slug");

        var product = await _catalog.ProductAsync("Priced");
        var variantId = product.GetProperty("variants")[0].Id();
        var prices = await (await admin.PutAsJsonAsync($"/admin/variants/{variantId}/prices", new { prices = new[] { CatalogApi.Price(-5) } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        AssertFieldError(prices, "amount");
        Assert.Equal(0, await app.QueryAsync(db => Task.FromResult(db.Variants.Count(v => v.Sku == sku)))); // nothing was written
    }

    [Fact]
    public async Task Duplicate_skus_and_slugs_get_409()
    {
        var admin = await _catalog.AdminAsync();
        var sku = $"SKU-{CatalogApi.Word()}";
        var first = await _catalog.ProductAsync("First", variants: CatalogApi.Variant(sku, CatalogApi.Price(100)));
        var slug = first.GetProperty("slug").GetString();

        await (await admin.PostAsJsonAsync("/admin/products", new { slug, name = "Again" })).AssertProblemAsync(HttpStatusCode.Conflict, "slug_taken");
        await (await admin.PostAsJsonAsync("/admin/products", new { slug = $"p-{CatalogApi.Word()}", name = "Same SKU",
            variants = new[] { CatalogApi.Variant(sku, CatalogApi.Price(100)) } })).AssertProblemAsync(HttpStatusCode.Conflict, "sku_taken");
        var twice = $"SKU-{CatalogApi.Word()}";
        await (await admin.PostAsJsonAsync("/admin/products", new { slug = $"p-{CatalogApi.Word()}", name = "Twice",
            variants = new[] { CatalogApi.Variant(twice), CatalogApi.Variant(twice) } })).AssertProblemAsync(HttpStatusCode.Conflict, "sku_taken");
        await (await admin.PostAsJsonAsync($"/admin/products/{first.Id()}/variants", CatalogApi.Variant(sku)))
            .AssertProblemAsync(HttpStatusCode.Conflict, "sku_taken");

        // Racing creates with one slug: the unique index lets exactly one through, the rest get the same 409.
        var raced = $"p-{CatalogApi.Word()}";
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => admin.PostAsJsonAsync("/admin/products", new { slug = raced, name = "Race" })));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        foreach (var lost in answers.Where(a => a.StatusCode != HttpStatusCode.Created)) await lost.AssertProblemAsync(HttpStatusCode.Conflict, "slug_taken");
    }

    [Fact]
    public async Task Only_staff_reach_the_admin_catalog()
    {
        await (await app.CreateClient().GetAsync("/admin/products")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        var customer = await app.CustomerClientAsync();
        await (await customer.GetAsync("/admin/products")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await customer.PostAsJsonAsync("/admin/categories", new { slug = $"c-{CatalogApi.Word()}", name = "X" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var staff = await app.StaffClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/admin/products?limit=1")).StatusCode);
    }

    [Fact]
    public async Task Bad_bodies_get_400()
    {
        var admin = await _catalog.AdminAsync();
        await (await admin.PostAsync("/admin/products", new StringContent("{\"slug\": ", Encoding.UTF8, "application/json")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_json");
        var missing = await (await admin.PostAsJsonAsync("/admin/products", new { slug = $"p-{CatalogApi.Word()}" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        AssertFieldError(missing, "name");
        await (await admin.PostAsJsonAsync("/admin/products", new { slug = $"p-{CatalogApi.Word()}", name = "X", categoryId = long.MaxValue }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Price_ranges_follow_every_variant_change()
    {
        var admin = await _catalog.AdminAsync();
        var word = CatalogApi.Word();
        var product = await _catalog.ProductAsync(word, usd: 1000);
        async Task<(long Min, long Max)> RangeAsync()
        {
            var price = (await _catalog.ListAsync($"q={word}")).GetProperty("items")[0].GetProperty("price");
            return (price.GetProperty("min").GetProperty("amount").GetInt64(), price.GetProperty("max").GetProperty("amount").GetInt64());
        }

        var added = await (await admin.PostAsJsonAsync($"/admin/products/{product.Id()}/variants",
            CatalogApi.Variant($"SKU-{CatalogApi.Word()}", CatalogApi.Price(3000)))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal((1000, 3000), await RangeAsync());
        (await admin.PutAsJsonAsync($"/admin/variants/{added.Id()}/prices", new { prices = new[] { CatalogApi.Price(500) } })).EnsureSuccessStatusCode();
        Assert.Equal((500, 1000), await RangeAsync());
        (await admin.PutAsJsonAsync($"/admin/variants/{added.Id()}", CatalogApi.Variant($"SKU-{CatalogApi.Word()}", CatalogApi.Price(2000)))).EnsureSuccessStatusCode();
        Assert.Equal((1000, 2000), await RangeAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/admin/variants/{added.Id()}")).StatusCode);
        Assert.Equal((1000, 1000), await RangeAsync());

        var detail = await (await admin.GetAsync($"/admin/products/{product.Id()}")).JsonAsync();
        Assert.Single(detail.GetProperty("variants").EnumerateArray());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/admin/products/{product.Id()}")).StatusCode);
        Assert.Empty(await _catalog.IdsAsync($"q={word}"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/products/{product.Id()}")).StatusCode);
    }

    [Fact]
    public async Task Updating_a_product_reindexes_its_text()
    {
        var admin = await _catalog.AdminAsync();
        var (before, after) = (CatalogApi.Word(), CatalogApi.Word());
        var product = await _catalog.ProductAsync(before);
        var slug = $"p-{CatalogApi.Word()}";
        (await admin.PutAsJsonAsync($"/admin/products/{product.Id()}", new { slug, name = $"{after} renamed", published = true })).EnsureSuccessStatusCode();
        Assert.Empty(await _catalog.IdsAsync($"q={before}"));
        Assert.Equal([product.Id()], await _catalog.IdsAsync($"q={after}"));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync($"/store/products/{slug}")).StatusCode);
    }

    [Fact]
    public async Task Categories_move_with_their_subtree_refuse_cycles_and_keep_children()
    {
        var admin = await _catalog.AdminAsync();
        var a = await _catalog.CategoryAsync();
        var b = await _catalog.CategoryAsync(a.Id());
        var c = await _catalog.CategoryAsync(b.Id());
        var target = await _catalog.CategoryAsync();
        var inC = await _catalog.ProductAsync("Deep", c.Id());

        await (await admin.PutAsJsonAsync($"/admin/categories/{a.Id()}", new { slug = a.GetProperty("slug").GetString(), name = "A", parentId = c.Id() }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "category_cycle");
        await (await admin.DeleteAsync($"/admin/categories/{a.Id()}")).AssertProblemAsync(HttpStatusCode.Conflict, "category_has_children");
        await (await admin.PostAsJsonAsync("/admin/categories", new { slug = a.GetProperty("slug").GetString(), name = "Dup" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "slug_taken");

        var moved = await (await admin.PutAsJsonAsync($"/admin/categories/{b.Id()}", new { slug = b.GetProperty("slug").GetString(), name = "B", parentId = target.Id() })).JsonAsync();
        Assert.Equal($"/{target.Id()}/{b.Id()}/", moved.GetProperty("path").GetString());
        var cPath = await app.QueryAsync(db => Task.FromResult(db.Categories.Single(x => x.Id == c.Id()).Path));
        Assert.Equal($"/{target.Id()}/{b.Id()}/{c.Id()}/", cPath);
        Assert.Equal([inC.Id()], await _catalog.IdsAsync($"category={target.Id()}"));
        Assert.Empty(await _catalog.IdsAsync($"category={a.Id()}"));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/admin/categories/{c.Id()}")).StatusCode);
        var detail = await (await admin.GetAsync($"/admin/products/{inC.Id()}")).JsonAsync();
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("categoryId").ValueKind); // its products become uncategorised
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AdminCatalogTestsOnSqlite(SqliteApp app) : AdminCatalogTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AdminCatalogTestsOnPostgres(PostgresApp app) : AdminCatalogTests(app);
