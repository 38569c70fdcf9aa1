using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.GraphQL;

/// <summary>The REST abuse limits (decision 0007) count GraphQL's mirror mutations in the same windows, both ways round.</summary>
public abstract class GraphQLAbuseLimitTests(EngineRoomApp app)
{
    private const string BuyNow = "mutation($input: BuyNowInput!) { buyNow(input: $input) { order { id } userErrors { code } } }";
    private const string CreateCart = "mutation { createCart(currency: \"USD\") { cart { id restId } userErrors { code } } }";
    private const string ApplyCode = "mutation($id: String!, $code: String!) { applyDiscountCode(cartId: $id, code: $code) { cart { id } userErrors { code } } }";

    private WebApplicationFactory<Program> With(string key, string value) => app.WithWebHostBuilder(b => b.UseSetting($"RateLimits:{key}", value));

    private static object Order(string sku, string email) => new { lines = new[] { new { sku, quantity = 1 } }, email, paymentToken = "tok_visa" };

    private static void AssertRefused(JsonElement answer, string field)
    {
        Assert.Equal("TOO_MANY_ATTEMPTS", answer.ErrorCode());
        Assert.True(answer.GetProperty("errors")[0].GetProperty("extensions").GetProperty("retryAfter").GetInt32() >= 1);
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("data").GetProperty(field).ValueKind);
    }

    [Fact]
    public async Task Buy_now_through_graphql_spends_the_rest_limit_and_rest_spends_graphqls()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 20);
        var email = $"limit-{Guid.NewGuid():N}@example.com";
        await using (var limited = With("BuyNowPerMinute", "2"))
        {
            var client = limited.CreateClient();
            for (var i = 0; i < 2; i++) Assert.NotEqual(JsonValueKind.Null, (await client.GraphQLAsync(BuyNow, new { input = Order(sku, email) })).Data("buyNow").GetProperty("order").ValueKind);
            await (await client.PostAsJsonAsync("/store/orders", Order(sku, email))).AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
        }
        await using (var limited = With("BuyNowPerMinute", "2"))
        {
            var client = limited.CreateClient();
            for (var i = 0; i < 2; i++) await (await client.PostAsJsonAsync("/store/orders", Order(sku, email))).JsonAsync(HttpStatusCode.Created);
            var before = app.Sql.Count;
            AssertRefused(await client.GraphQLAsync(BuyNow, new { input = Order(sku, email) }), "buyNow");
            Assert.Equal(before, app.Sql.Count); // refused before the handler: no statement sent
        }
        Assert.Equal(4, await app.QueryAsync(db => db.Orders.CountAsync(o => o.Lines.Any(l => l.Sku == sku))));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Cart_creation_is_one_limit_for_rest_and_graphql()
    {
        await using (var limited = With("CartsPerMinute", "2"))
        {
            var client = limited.CreateClient();
            for (var i = 0; i < 2; i++) Assert.NotNull((await client.GraphQLAsync(CreateCart)).Data("createCart").GetProperty("cart").GetProperty("restId").GetString());
            await (await client.PostAsJsonAsync("/store/carts", new { currency = "USD" })).AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
        }
        await using (var limited = With("CartsPerMinute", "2"))
        {
            var client = limited.CreateClient();
            for (var i = 0; i < 2; i++) await (await client.PostAsJsonAsync("/store/carts", new { currency = "USD" })).JsonAsync(HttpStatusCode.Created);
            var before = app.Sql.Count;
            AssertRefused(await client.GraphQLAsync(CreateCart), "createCart");
            Assert.Equal(before, app.Sql.Count);
        }
    }

    [Fact]
    public async Task Code_guesses_on_a_cart_are_one_limit_for_rest_and_graphql_by_rest_or_global_id()
    {
        await using var limited = With("DiscountCodesPerCartPerMinute", "3");
        var client = limited.CreateClient();
        var created = (await client.GraphQLAsync(CreateCart)).Data("createCart").GetProperty("cart");
        var (cart, globalId) = (created.GetProperty("restId").GetString()!, created.GetProperty("id").GetString()!);
        await (await client.PostAsJsonAsync($"/store/carts/{cart}/discount-codes", new { code = "GUESS1" })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "discount_invalid");
        var guess = (await client.GraphQLAsync(ApplyCode, new { id = globalId, code = "GUESS2" })).Data("applyDiscountCode");
        Assert.Equal("DISCOUNT_INVALID", guess.GetProperty("userErrors")[0].GetProperty("code").GetString());
        await (await client.PostAsJsonAsync($"/store/carts/{cart}/discount-codes", new { code = "GUESS3" })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "discount_invalid");
        AssertRefused(await client.GraphQLAsync(ApplyCode, new { id = cart, code = "GUESS4" }), "applyDiscountCode");
        await (await client.PostAsJsonAsync($"/store/carts/{cart}/discount-codes", new { code = "GUESS5" })).AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");

        var other = (await client.GraphQLAsync(CreateCart)).Data("createCart").GetProperty("cart").GetProperty("restId").GetString()!;
        Assert.Equal("DISCOUNT_INVALID", (await client.GraphQLAsync(ApplyCode, new { id = other, code = "GUESS6" })).Data("applyDiscountCode")
            .GetProperty("userErrors")[0].GetProperty("code").GetString()); // another cart has its own count
    }
}

[Collection(SqliteCollection.Name)]
public sealed class GraphQLAbuseLimitTestsOnSqlite(SqliteApp app) : GraphQLAbuseLimitTests(app);

[Collection(PostgresCollection.Name)]
public sealed class GraphQLAbuseLimitTestsOnPostgres(PostgresApp app) : GraphQLAbuseLimitTests(app);
