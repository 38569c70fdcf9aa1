using System.Net;
using System.Net.Http.Json;
using EngineRoom.Pricing;
using EngineRoom.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EngineRoom.Tests.Budgets;

/// <summary>
/// SQL statements per operation, counted on the server, with a budget each (see Budgets below). A change that adds
/// an N+1 or a stray query fails here. The counts include the sandbox payment provider's own statements.
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

        var cart = await (await client.PostAsJsonAsync("/store/carts", new { })).JsonAsync(HttpStatusCode.Created);
        var id = cart.GetProperty("id").GetString();
        var addToCart = await CountAsync("add to cart", () => client.PostAsJsonAsync($"/store/carts/{id}/items", new { sku = skus[0], quantity = 1 }), HttpStatusCode.OK);
        var getCart = await CountAsync("get cart", () => client.GetAsync($"/store/carts/{id}"), HttpStatusCode.OK);

        Assert.InRange(buyNow, 1, Budgets.BuyNow(app.Provider));
        Assert.InRange(addToCart, 1, Budgets.AddToCart);
        Assert.InRange(getCart, 1, Budgets.GetCart);
    }
}

/// <summary>
/// The budgets, written down once. Measured on 2026-11-23: Buy Now with 2 lines and a
/// code 21 statements on PostgreSQL, 39 on SQLite (EF sends each insert as its own command there); add to cart 8;
/// get cart 3.
/// </summary>
public static class Budgets
{
    public static int BuyNow(EngineRoom.Data.DatabaseProvider provider) => provider == EngineRoom.Data.DatabaseProvider.Postgres ? 24 : 42;
    public const int AddToCart = 9;
    public const int GetCart = 4;
}

[Collection(SqliteCollection.Name)]
public sealed class StatementBudgetTestsOnSqlite(SqliteApp app, ITestOutputHelper output) : StatementBudgetTests(app, output);

[Collection(PostgresCollection.Name)]
public sealed class StatementBudgetTestsOnPostgres(PostgresApp app, ITestOutputHelper output) : StatementBudgetTests(app, output);
