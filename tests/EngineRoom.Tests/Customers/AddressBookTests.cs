using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Tests.Infrastructure;

namespace EngineRoom.Tests.Customers;

public abstract class AddressBookTests(EngineRoomApp app)
{
    private static object Address(string name, string city = "London", string country = "GB") =>
        new { name, line1 = "1 Analytical Way", city, postalCode = "N1 1AA", country };

    private static async Task<JsonElement> AddAsync(HttpClient client, string name, bool defaultShipping = false, string country = "GB") =>
        await (await client.PostAsJsonAsync("/store/me/addresses", new { label = name, address = Address(name, country: country), defaultShipping }))
            .JsonAsync(HttpStatusCode.Created);

    [Fact]
    public async Task A_customer_keeps_several_addresses_with_one_default_shipping_and_one_default_billing()
    {
        var client = await app.CustomerClientAsync();
        var home = await AddAsync(client, "Home");
        Assert.True(home.GetProperty("defaultShipping").GetBoolean()); // the first address is both defaults
        Assert.True(home.GetProperty("defaultBilling").GetBoolean());
        var work = await AddAsync(client, "Work", defaultShipping: true);
        var id = work.GetProperty("id").GetString();

        var list = (await (await client.GetAsync("/store/me/addresses")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, list.Count);
        Assert.Equal(["Work"], list.Where(a => a.GetProperty("defaultShipping").GetBoolean()).Select(a => a.GetProperty("label").GetString()));
        Assert.Equal(["Home"], list.Where(a => a.GetProperty("defaultBilling").GetBoolean()).Select(a => a.GetProperty("label").GetString()));

        var replaced = await (await client.PutAsJsonAsync($"/store/me/addresses/{id}", new { label = "Office", address = Address("Ada", "Paris", "FR"), defaultBilling = true })).JsonAsync();
        Assert.Equal("Paris", replaced.GetProperty("address").GetProperty("city").GetString());
        Assert.True(replaced.GetProperty("defaultShipping").GetBoolean() && replaced.GetProperty("defaultBilling").GetBoolean());
        Assert.False((await (await client.GetAsync($"/store/me/addresses/{home.GetProperty("id").GetString()}")).JsonAsync()).GetProperty("defaultBilling").GetBoolean());

        await (await client.PostAsJsonAsync("/store/me/addresses", new { address = new { name = "x", line1 = "y", city = "z", postalCode = "1", country = "gb" } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.PostAsJsonAsync("/store/me/addresses", new { label = "a\r\nb", address = Address("Ada") }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/store/me/addresses/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/store/me/addresses/{id}")).StatusCode);
    }

    [Fact]
    public async Task Another_customers_address_is_404_to_read_change_delete_and_ship_to()
    {
        var alice = await app.CustomerClientAsync();
        var bob = await app.CustomerClientAsync();
        var id = (await AddAsync(alice, "Alice's")).GetProperty("id").GetString();

        await (await bob.GetAsync($"/store/me/addresses/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await bob.PutAsJsonAsync($"/store/me/addresses/{id}", new { address = Address("Bob") })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await bob.DeleteAsync($"/store/me/addresses/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Empty((await (await bob.GetAsync("/store/me/addresses")).JsonAsync()).GetProperty("items").EnumerateArray());
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 5);
        await (await bob.PostAsJsonAsync("/store/orders", new { lines = new[] { new { sku, quantity = 1 } }, paymentToken = "tok_visa", shippingAddressId = id }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "address_not_found");
        await (await app.CreateClient().PostAsJsonAsync("/store/orders", new { lines = new[] { new { sku, quantity = 1 } }, paymentToken = "tok_visa", email = "g@example.com", shippingAddressId = id }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("Alice's", (await (await alice.GetAsync($"/store/me/addresses/{id}")).JsonAsync()).GetProperty("label").GetString());
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Buy_Now_and_cart_checkout_ship_to_a_saved_address_named_by_id()
    {
        var client = await app.CustomerClientAsync();
        var saved = await AddAsync(client, "Berlin", country: "DE");
        var id = saved.GetProperty("id").GetString();
        var sku = await TestCatalog.CreateSkuAsync(app, price: 1000, stock: 5);

        var bought = await (await client.PostAsJsonAsync("/store/orders", new { lines = new[] { new { sku, quantity = 1 } }, paymentToken = "tok_visa", shippingAddressId = id }))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal("DE", bought.GetProperty("shippingAddress").GetProperty("country").GetString());
        Assert.Equal("Berlin", bought.GetProperty("shippingAddress").GetProperty("name").GetString());

        var cart = (await (await client.PostAsJsonAsync("/store/carts", new { currency = "USD" })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await client.PostAsJsonAsync($"/store/carts/{cart}/items", new { sku, quantity = 2 })).JsonAsync();
        var ordered = await (await client.PostAsJsonAsync($"/store/carts/{cart}/checkout", new { paymentToken = "tok_visa", shippingAddressId = id }))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal("DE", ordered.GetProperty("shippingAddress").GetProperty("country").GetString());
        Assert.Equal(2000, ordered.GetProperty("subtotal").GetProperty("amount").GetInt64());
        await Invariants.AssertHoldAsync(app);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AddressBookTestsOnSqlite(SqliteApp app) : AddressBookTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AddressBookTestsOnPostgres(PostgresApp app) : AddressBookTests(app);
