using System.Net;
using System.Net.Http.Json;
using EngineRoom.Pricing;
using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Security;

/// <summary>Store operations an anonymous caller could hammer are limited per client (and discount codes per cart).</summary>
public abstract class RateLimitTests(EngineRoomApp app)
{
    private WebApplicationFactory<Program> With(params (string Key, string Value)[] settings) =>
        app.WithWebHostBuilder(b => { foreach (var (key, value) in settings) b.UseSetting($"RateLimits:{key}", value); });

    private static async Task<string> CartAsync(HttpClient client) =>
        (await (await client.PostAsJsonAsync("/store/carts", new { currency = "USD" })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

    private static async Task AssertLimitedAsync(HttpResponseMessage response)
    {
        await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
        Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single()) >= 1);
    }

    [Fact]
    public async Task An_unknown_cart_is_404_before_any_code_is_judged()
    {
        var code = $"R{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        await app.QueryAsync(async db =>
        {
            db.Discounts.Add(new Discount { Id = Guid.NewGuid(), Code = code, Name = "Ten", Kind = DiscountKind.Percentage, PercentBps = 1000, Active = true, CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        var client = app.CreateClient();
        foreach (var guess in new[] { code, "NO-SUCH-CODE" })
            await (await client.PostAsJsonAsync($"/store/carts/{Guid.NewGuid():N}/discount-codes", new { code = guess }))
                .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    private static async Task<int> GuessesBeforeRefusalAsync(HttpClient client, string cartId)
    {
        for (var i = 0; i < 20; i++)
        {
            var response = await client.PostAsJsonAsync($"/store/carts/{cartId}/discount-codes", new { code = $"GUESS{i}" });
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await AssertLimitedAsync(response);
                return i;
            }
            await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "discount_invalid");
        }
        return 20;
    }

    [Fact]
    public async Task Code_guesses_are_limited_per_cart()
    {
        await using var limited = With(("DiscountCodesPerCartPerMinute", "3"));
        var client = limited.CreateClient();
        Assert.Equal(3, await GuessesBeforeRefusalAsync(client, await CartAsync(client)));
        Assert.Equal(3, await GuessesBeforeRefusalAsync(client, await CartAsync(client))); // another cart has its own count
    }

    [Fact]
    public async Task Code_guesses_are_limited_per_client_across_carts()
    {
        await using var limited = With(("DiscountCodesPerMinute", "5"));
        var client = limited.CreateClient();
        Assert.Equal(5, await GuessesBeforeRefusalAsync(client, await CartAsync(client)));
        Assert.Equal(0, await GuessesBeforeRefusalAsync(client, await CartAsync(client)));
    }

    [Fact]
    public async Task Cart_creation_and_buy_now_are_limited_per_client()
    {
        await using var limited = With(("CartsPerMinute", "2"), ("BuyNowPerMinute", "2"));
        var client = limited.CreateClient();
        await CartAsync(client);
        await CartAsync(client);
        await AssertLimitedAsync(await client.PostAsJsonAsync("/store/carts", new { currency = "USD" }));

        var sku = await TestCatalog.CreateSkuAsync(app, stock: 10);
        var body = new { lines = new[] { new { sku, quantity = 1 } }, email = "limit@example.com", paymentToken = "tok_visa" };
        for (var i = 0; i < 2; i++) await (await client.PostAsJsonAsync("/store/orders", body)).JsonAsync(HttpStatusCode.Created);
        await AssertLimitedAsync(await client.PostAsJsonAsync("/store/orders", body));
        Assert.Equal(2, await app.QueryAsync(db => db.Orders.CountAsync(o => o.Lines.Any(l => l.Sku == sku))));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RateLimitTestsOnSqlite(SqliteApp app) : RateLimitTests(app);

[Collection(PostgresCollection.Name)]
public sealed class RateLimitTestsOnPostgres(PostgresApp app) : RateLimitTests(app);
