using System.Net;
using System.Net.Http.Json;
using EngineRoom.Pricing;
using EngineRoom.Tests.Catalog;
using EngineRoom.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EngineRoom.Tests.Budgets;

/// <summary>
/// SQL statements per operation, counted on the server, with a budget each (see Budgets below). A change that adds
/// an N+1 or a stray query fails here. The checkout's batches count each statement they carry.
/// </summary>
public abstract class StatementBudgetTests(EngineRoomApp app, ITestOutputHelper output)
{
    private async Task<int> CountAsync(string what, Func<Task<HttpResponseMessage>> request, HttpStatusCode expected)
    {
        var before = app.Sql.Count;
        var response = await request();
        var count = app.Sql.Count - before;
        Assert.True(expected == response.StatusCode, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        output.WriteLine($"{app.Provider} {what}: {count} statements");
        return count;
    }

    [Fact]
    public async Task Checkout_and_cart_operations_stay_within_their_statement_budgets()
    {
        var skus = new[] { await TestCatalog.CreateSkuAsync(app), await TestCatalog.CreateSkuAsync(app) };
        var code = $"B{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        await app.QueryAsync(async db =>
        {
            db.Discounts.Add(new Discount { Id = Guid.NewGuid(), Code = code, Name = "Budget", Kind = DiscountKind.Percentage, PercentBps = 500, UsageLimit = 100 });
            return await db.SaveChangesAsync();
        });
        var client = app.CreateClient();
        var lines = skus.Select(sku => new { sku, quantity = 1 }).ToArray();

        var buyNow = await CountAsync("buy now (2 lines, 1 code)", () => client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/store/orders")
        {
            Content = JsonContent.Create(new { lines, paymentToken = "tok_visa", email = "budget@example.com", discountCodes = new[] { code } }),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        }), HttpStatusCode.Created);

        HttpResponseMessage? created = null;
        var createCart = await CountAsync("create cart", async () => created = await client.PostAsJsonAsync("/store/carts", new { }), HttpStatusCode.Created);
        var id = (await created!.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var addToCart = await CountAsync("add to cart", () => client.PostAsJsonAsync($"/store/carts/{id}/items", new { sku = skus[0], quantity = 1 }), HttpStatusCode.OK);
        var getCart = await CountAsync("get cart", () => client.GetAsync($"/store/carts/{id}"), HttpStatusCode.OK);
        await client.PostAsJsonAsync($"/store/carts/{id}/items", new { sku = skus[1], quantity = 2 });
        var applyCode = await CountAsync("apply code", () => client.PostAsJsonAsync($"/store/carts/{id}/discount-codes", new { code }), HttpStatusCode.OK);
        await client.DeleteAsync($"/store/carts/{id}/discount-codes/{code}"); // the checkout's budget is for 2 lines without a code, as before
        var checkout = await CountAsync("cart checkout (2 lines)", () => client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/store/carts/{id}/checkout")
        {
            Content = JsonContent.Create(new { paymentToken = "tok_visa", email = "budget@example.com" }),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        }), HttpStatusCode.Created);

        var scarce = await TestCatalog.CreateSkuAsync(app, stock: 1);
        var soldOut = await CountAsync("buy now of a sold-out SKU", () => client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/store/orders")
        {
            Content = JsonContent.Create(new { lines = new[] { new { sku = scarce, quantity = 2 } }, paymentToken = "tok_visa", email = "budget@example.com" }),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        }), HttpStatusCode.Conflict);

        Assert.InRange(buyNow, 1, Budgets.BuyNow);
        Assert.InRange(soldOut, 1, Budgets.SoldOut);
        Assert.InRange(createCart, 1, Budgets.CreateCart);
        Assert.InRange(addToCart, 1, Budgets.AddToCart);
        Assert.InRange(applyCode, 1, Budgets.ApplyCode);
        Assert.InRange(getCart, 1, Budgets.GetCart);
        Assert.InRange(checkout, 1, Budgets.CartCheckout);
    }

    [Fact]
    public async Task Catalog_reads_stay_within_their_statement_budgets_and_cost_none_when_cached()
    {
        var skus = new[] { await TestCatalog.CreateSkuAsync(app), await TestCatalog.CreateSkuAsync(app) };
        var client = app.CreateClient();
        // Each query string is new, so the first read of each misses the output cache and runs its SQL.
        var search = await CountAsync("product list (search)", () => client.GetAsync($"/store/products?q={skus[0].ToLowerInvariant()}"), HttpStatusCode.OK);
        var newest = await CountAsync("product list (in stock, price band, 100)",
            () => client.GetAsync($"/store/products?inStock=true&minPrice=1&maxPrice={1_000_000 + Random.Shared.Next(1000)}&limit=100"), HttpStatusCode.OK);
        var page = await CountAsync("product page", () => client.GetAsync($"/store/products/{skus[1].ToLowerInvariant()}"), HttpStatusCode.OK);
        var cached = await CountAsync("product page again (cached)", () => client.GetAsync($"/store/products/{skus[1].ToLowerInvariant()}"), HttpStatusCode.OK);
        var catalog = new CatalogApi(app);
        var category = await catalog.CategoryAsync((await catalog.CategoryAsync()).Id());
        var filed = await catalog.ProductAsync("Budget filed", category.Id());
        var filedPage = await CountAsync("product page (two-level category)", () => client.GetAsync($"/store/products/{filed.Id()}"), HttpStatusCode.OK);

        Assert.InRange(search, 1, Budgets.ProductList);
        Assert.InRange(newest, 1, Budgets.ProductList);
        Assert.InRange(page, 1, Budgets.ProductPage);
        Assert.InRange(filedPage, 1, Budgets.ProductPage);
        Assert.Equal(0, cached);
    }
}

/// <summary>
/// The budgets, written down once. Buy Now with 2 lines and a code, measured 2026-12-01 (docs/checkout.md): 18
/// statements on both providers, the sandbox provider writing nothing to the shop's database. They are: the stock
/// check; the prices and the discounts; the hold, one batch of 5 (the Idempotency-Key claimed, the stock, the attempt
/// carrying what it holds, the code's use and its redemption) and its commit; the record, one batch of 9 (the attempt
/// completed and its hold sold, the stock lowered and its movements, the order and its lines, the payment, the ledger
/// entry and its postings, the events, the stored answer) and its commit. 6 round trips on PostgreSQL (BEGIN travels
/// with the first statement of each batch). It was 21 in 8 round trips on 2026-11-30: the key claimed by its own
/// commit, reservation rows inserted and consumed, the redemption consumed. Before: 20 EF commands
/// in about 13 round trips plus the sandbox's own, and 58 statements of Npgsql's connection reset. Cart checkout: 20.
/// A sold-out Buy Now 3; a product list page 2; a product page 4, 5 with a category. A cached catalog read runs none.
/// The cart requests, in plain SQL since 2026-11-30 (docs/decisions/0020), measured on both providers: create 2, add
/// to cart 6 (was 8), apply a code 5 (was 8), get 3.
/// </summary>
public static class Budgets
{
    public const int BuyNow = 18;
    /// <summary>The insert and the promotions that price the empty cart, one round trip.</summary>
    public const int CreateCart = 2;
    /// <summary>
    /// Three round trips (docs/decisions/0020): the cart with its lines; the SKU's stock, the catalog's prices, the
    /// discounts; the version bump and the line's conditional upsert. Before: 8 EF Core commands in about 9 round trips.
    /// </summary>
    public const int AddToCart = 6;
    /// <summary>The cart and the code; the prices and discounts (and, with codes already there, whether they combine); the codes saved.</summary>
    public const int ApplyCode = 6;
    /// <summary>Refused before pricing or any lock: the stock read, then the refusal stored with its key by one insert (was 3: the claim first).</summary>
    public const int SoldOut = 2;
    /// <summary>The cart with its lines; the prices and discounts (one round trip with shipping and tax when the cart has them).</summary>
    public const int GetCart = 3;
    public const int CartCheckout = 18;
    /// <summary>A list page, whatever its filters: the page and its price ranges. 2 measured; 3 with a category (its subtree).</summary>
    public const int ProductList = 3;
    /// <summary>
    /// Product, variants, prices (a split query: as one joined query SQLite built the variant-price join for every
    /// product before filtering, 30x slower on 10,000 SKUs), stock, and the category breadcrumb (one query, any depth).
    /// </summary>
    public const int ProductPage = 5;
}

[Collection(SqliteCollection.Name)]
public sealed class StatementBudgetTestsOnSqlite(SqliteApp app, ITestOutputHelper output) : StatementBudgetTests(app, output);

[Collection(PostgresCollection.Name)]
public sealed class StatementBudgetTestsOnPostgres(PostgresApp app, ITestOutputHelper output) : StatementBudgetTests(app, output);
