using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Pricing;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Carts;

public abstract class CartTests(EngineRoomApp app)
{
    private static long Amount(JsonElement cart, string field) => cart.GetProperty(field).GetProperty("amount").GetInt64();

    private static async Task<JsonElement> NewCartAsync(HttpClient client) =>
        await (await client.PostAsJsonAsync("/store/carts", new { currency = "USD" })).JsonAsync(HttpStatusCode.Created);

    private Task<string> ShippingAndTaxAsync(string country, int rateBps) => app.QueryAsync(async db =>
    {
        var code = $"ship-{Guid.NewGuid():N}"[..20];
        db.ShippingMethods.Add(new ShippingMethod { Id = Guid.NewGuid(), Code = code, Name = "Standard", Currency = "USD", Amount = 500, FreeOver = 10_000 });
        if (!await db.TaxRates.AnyAsync(r => r.Country == country && r.Region == ""))
            db.TaxRates.Add(new TaxRate { Id = Guid.NewGuid(), Country = country, Region = "", Name = "VAT", RateBps = rateBps });
        await db.SaveChangesAsync();
        return code;
    });

    private Task<string> DiscountAsync(Discount discount) => app.QueryAsync(async db =>
    {
        db.Discounts.Add(discount);
        await db.SaveChangesAsync();
        return discount.Code!;
    });

    private static string NewCode() => $"C{Guid.NewGuid():N}"[..16].ToUpperInvariant();

    [Fact]
    public async Task A_guest_cart_prices_lines_shipping_tax_and_ignores_sent_prices()
    {
        var client = app.CreateClient();
        var sku = await TestCatalog.CreateSkuAsync(app, price: 1250, stock: 10);
        var shipping = await ShippingAndTaxAsync("DE", 1900);
        var cart = await NewCartAsync(client);
        var id = cart.GetProperty("id").GetString()!;
        Assert.True(id.Length >= 27, "a cart id carries at least 160 random bits");

        await (await client.PostAsJsonAsync($"/store/carts/{id}/items", new { sku, quantity = 2, unitPrice = 1, price = 1 })).JsonAsync();
        var address = new { name = "A", line1 = "Street 1", city = "Berlin", postalCode = "10115", country = "DE" };
        cart = await (await client.PatchAsJsonAsync($"/store/carts/{id}", new { email = "guest@example.com", shippingAddress = address, shippingMethod = shipping })).JsonAsync();

        Assert.Equal(2500, Amount(cart, "subtotal"));
        Assert.Equal(500, Amount(cart, "shipping"));
        Assert.Equal(475 + 95, Amount(cart, "tax")); // 19% of 2500 and of the 500 shipping
        Assert.Equal(2500 + 500 + 570, Amount(cart, "total"));
        var line = cart.GetProperty("lines")[0];
        Assert.Equal(1250, Amount(line, "unitPrice"));
    }

    [Fact]
    public async Task Codes_apply_with_their_rules_and_bad_codes_are_refused()
    {
        var client = app.CreateClient();
        var sku = await TestCatalog.CreateSkuAsync(app, price: 1000, stock: 10);
        var tenOff = await DiscountAsync(new Discount { Id = Guid.NewGuid(), Code = NewCode(), Name = "10%", Kind = DiscountKind.Percentage, PercentBps = 1000 });
        var bigSpender = await DiscountAsync(new Discount { Id = Guid.NewGuid(), Code = NewCode(), Name = "Big", Kind = DiscountKind.FixedAmount, AmountOff = 500, Currency = "USD", MinSubtotal = 5000 });
        var expired = await DiscountAsync(new Discount { Id = Guid.NewGuid(), Code = NewCode(), Name = "Old", Kind = DiscountKind.Percentage, PercentBps = 5000, EndsAt = app.Clock.GetUtcNow().AddDays(-1) });
        var id = (await NewCartAsync(client)).GetProperty("id").GetString();
        await client.PostAsJsonAsync($"/store/carts/{id}/items", new { sku, quantity = 2 });

        var cart = await (await client.PostAsJsonAsync($"/store/carts/{id}/discount-codes", new { code = tenOff.ToLowerInvariant() })).JsonAsync();
        Assert.Equal(200, Amount(cart, "discount"));
        await (await client.PostAsJsonAsync($"/store/carts/{id}/discount-codes", new { code = bigSpender }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "discount_not_combinable");
        await (await client.PostAsJsonAsync($"/store/carts/{id}/discount-codes", new { code = expired }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "discount_invalid");
        await (await client.PostAsJsonAsync($"/store/carts/{id}/discount-codes", new { code = "NO-SUCH-CODE" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "discount_invalid");

        await client.DeleteAsync($"/store/carts/{id}/discount-codes/{tenOff}");
        cart = await (await client.PostAsJsonAsync($"/store/carts/{id}/discount-codes", new { code = bigSpender })).JsonAsync();
        Assert.Equal(0, Amount(cart, "discount"));
        Assert.Equal("min_subtotal_not_met", cart.GetProperty("skippedDiscounts")[0].GetProperty("reason").GetString());
        cart = await (await client.PutAsJsonAsync($"/store/carts/{id}/items/{sku}", new { quantity = 5 })).JsonAsync();
        Assert.Equal(500, Amount(cart, "discount"));
    }

    [Fact]
    public async Task A_customers_cart_answers_only_to_that_customer()
    {
        var alice = await app.CustomerClientAsync();
        var bob = await app.CustomerClientAsync();
        var sku = await TestCatalog.CreateSkuAsync(app);
        var id = (await NewCartAsync(alice)).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/store/carts/{id}")).StatusCode);
        await (await bob.GetAsync($"/store/carts/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await app.CreateClient().GetAsync($"/store/carts/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await bob.PostAsJsonAsync($"/store/carts/{id}/items", new { sku, quantity = 1 })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await bob.PostAsJsonAsync($"/store/carts/{id}/checkout", new { paymentToken = "tok_visa" })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await app.CreateClient().GetAsync("/store/carts/not-a-real-cart-id")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Checking_out_a_cart_places_the_order_and_closes_the_cart()
    {
        var client = app.CreateClient();
        var sku = await TestCatalog.CreateSkuAsync(app, price: 800, stock: 4);
        var id = (await NewCartAsync(client)).GetProperty("id").GetString();
        await client.PostAsJsonAsync($"/store/carts/{id}/items", new { sku, quantity = 3 });
        await client.PatchAsJsonAsync($"/store/carts/{id}", new { email = "cart-buyer@example.com" });

        var order = await (await client.PostAsJsonAsync($"/store/carts/{id}/checkout", new { paymentToken = "tok_visa" })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(2400, Amount(order, "total"));
        Assert.Equal("checkedout", (await (await client.GetAsync($"/store/carts/{id}")).JsonAsync()).GetProperty("status").GetString());
        await (await client.PostAsJsonAsync($"/store/carts/{id}/checkout", new { paymentToken = "tok_visa" })).AssertProblemAsync(HttpStatusCode.Conflict, "cart_closed");
        await (await client.PostAsJsonAsync($"/store/carts/{id}/items", new { sku, quantity = 1 })).AssertProblemAsync(HttpStatusCode.Conflict, "cart_closed");
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_guest_cart_merges_into_the_customers_cart_at_sign_in()
    {
        var email = $"merge-{Guid.NewGuid():N}@example.com";
        var customer = await app.CustomerClientAsync(email);
        var skuA = await TestCatalog.CreateSkuAsync(app);
        var skuB = await TestCatalog.CreateSkuAsync(app);
        var mine = (await NewCartAsync(customer)).GetProperty("id").GetString();
        await customer.PostAsJsonAsync($"/store/carts/{mine}/items", new { sku = skuA, quantity = 1 });

        var guest = app.CreateClient();
        var guestCart = (await NewCartAsync(guest)).GetProperty("id").GetString();
        await guest.PostAsJsonAsync($"/store/carts/{guestCart}/items", new { sku = skuA, quantity = 2 });
        await guest.PostAsJsonAsync($"/store/carts/{guestCart}/items", new { sku = skuB, quantity = 1 });

        var tokens = await (await guest.PostAsJsonAsync("/auth/token", new { email, password = "correct horse battery", guestCartId = guestCart })).JsonAsync();
        Assert.Equal(mine, tokens.GetProperty("cartId").GetString());
        var merged = await (await customer.GetAsync($"/store/carts/{mine}")).JsonAsync();
        var quantities = merged.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("sku").GetString()!, l => l.GetProperty("quantity").GetInt32());
        Assert.Equal(3, quantities[skuA]);
        Assert.Equal(1, quantities[skuB]);
        Assert.Equal("merged", (await (await guest.GetAsync($"/store/carts/{guestCart}")).JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Concurrent_adds_to_one_cart_lose_no_update()
    {
        var client = app.CreateClient();
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 100);
        var id = (await NewCartAsync(client)).GetProperty("id").GetString();
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => app.CreateClient().PostAsJsonAsync($"/store/carts/{id}/items", new { sku, quantity = 1 })));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var cart = await (await client.GetAsync($"/store/carts/{id}")).JsonAsync();
        Assert.Equal(20, cart.GetProperty("lines")[0].GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task Bad_cart_requests_get_4xx_problems_and_change_nothing()
    {
        var client = app.CreateClient();
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 2);
        var id = (await NewCartAsync(client)).GetProperty("id").GetString();
        var problem = await (await client.PostAsJsonAsync($"/store/carts/{id}/items", new { sku = "", quantity = 0 })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").EnumerateObject().Any());
        await (await client.PostAsJsonAsync($"/store/carts/{id}/items", new { sku, quantity = 3 })).AssertProblemAsync(HttpStatusCode.Conflict, "out_of_stock");
        await (await client.PostAsJsonAsync($"/store/carts/{id}/items", new { sku = "NOPE-NOPE", quantity = 1 })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_sku");
        await (await client.PostAsJsonAsync("/store/carts", new { currency = "XXX" })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.PatchAsJsonAsync($"/store/carts/{id}", new { shippingMethod = "teleport" })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "shipping_method_invalid");
        await (await client.PostAsJsonAsync($"/store/carts/{id}/checkout", new { paymentToken = "tok_visa" })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "cart_empty");
        Assert.Empty((await (await client.GetAsync($"/store/carts/{id}")).JsonAsync()).GetProperty("lines").EnumerateArray());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CartTestsOnSqlite(SqliteApp app) : CartTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CartTestsOnPostgres(PostgresApp app) : CartTests(app);
