using System.Net;
using System.Text.Json;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.GraphQL;

/// <summary>The store's catalog, cart, Buy Now and order scenarios, through GraphQL over the same handlers as REST.</summary>
public abstract class GraphQLStoreTests(EngineRoomApp app)
{
    private const string OrderFields = "order { id restId status orderToken total { amount currency } lines { sku quantity product { slug } } } userErrors { field message code }";
    private static readonly string BuyNow = $"mutation($input: BuyNowInput!, $key: String) {{ buyNow(input: $input, idempotencyKey: $key) {{ {OrderFields} }} }}";

    private static object Input(string sku, int quantity = 1, string token = "tok_visa", string email = "buyer@example.com") => new
    {
        lines = new[] { new { sku, quantity } }, paymentToken = token, email,
        shippingAddress = new { name = "Ada Lovelace", line1 = "1 Analytical Way", city = "London", postalCode = "N1 1AA", country = "GB" },
    };

    [Fact]
    public async Task Products_list_and_page_carry_variants_prices_and_stock_and_page_with_cursors()
    {
        var skus = new[] { await TestCatalog.CreateSkuAsync(app, price: 1500, stock: 7), await TestCatalog.CreateSkuAsync(app, price: 2500, stock: 0) };
        var client = app.CreateClient();
        const string list = "query($q: String, $after: String) { products(query: $q, first: 1, after: $after) { nodes { id slug name priceRange { min { amount currency } } inStock variants { sku available price { amount } } } pageInfo { hasNextPage endCursor } edges { cursor } } }";
        var first = (await client.GraphQLAsync(list, new { q = skus[0].ToLowerInvariant() })).Data("products");
        var product = first.GetProperty("nodes")[0];
        Assert.Equal(skus[0].ToLowerInvariant(), product.GetProperty("slug").GetString());
        Assert.Equal(1500, product.GetProperty("priceRange").GetProperty("min").GetProperty("amount").GetInt64());
        Assert.Equal(7, product.GetProperty("variants")[0].GetProperty("available").GetInt64());
        Assert.True(product.GetProperty("inStock").GetBoolean());

        var page = (await client.GraphQLAsync("query($slug: String) { product(slug: $slug) { id name description variants { sku available prices { amount currency } } } }",
            new { slug = skus[1].ToLowerInvariant() })).Data("product");
        Assert.Equal(0, page.GetProperty("variants")[0].GetProperty("available").GetInt64());
        Assert.Equal(2, page.GetProperty("variants")[0].GetProperty("prices").GetArrayLength());
        var node = (await client.GraphQLAsync("query($id: ID!) { node(id: $id) { id ... on Product { slug } } }", new { id = page.GetProperty("id").GetString() })).Data("node");
        Assert.Equal(skus[1].ToLowerInvariant(), node.GetProperty("slug").GetString());

        // The newest two, one a page: the second page continues after the first's cursor, as REST's nextCursor does.
        const string newest = "query($after: String) { products(first: 1, after: $after, sort: NEWEST) { nodes { slug } pageInfo { hasNextPage endCursor } } }";
        var one = (await app.CreateClient().GraphQLAsync(newest + " ", new { after = (string?)null })).Data("products");
        var two = (await client.GraphQLAsync(newest, new { after = one.GetProperty("pageInfo").GetProperty("endCursor").GetString() })).Data("products");
        Assert.NotEqual(one.GetProperty("nodes")[0].GetProperty("slug").GetString(), two.GetProperty("nodes")[0].GetProperty("slug").GetString());

        var bad = await client.GraphQLAsync("{ products(first: 1, after: \"not-a-cursor\") { nodes { id } } }");
        Assert.Equal("VALIDATION_FAILED", bad.ErrorCode());
        var missing = await client.GraphQLAsync("{ product(slug: \"no-such-product\") { id } }");
        Assert.Equal("NOT_FOUND", missing.ErrorCode());
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("data").GetProperty("product").ValueKind);
    }

    [Fact]
    public async Task A_guest_fills_a_cart_is_refused_a_bad_code_and_checks_it_out()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, price: 1000, stock: 3);
        var client = app.CreateClient();
        var cart = (await client.GraphQLAsync("mutation { createCart(currency: \"USD\") { cart { id restId } userErrors { code } } }")).Data("createCart").GetProperty("cart");
        var id = cart.GetProperty("id").GetString();
        var added = (await client.GraphQLAsync("mutation($id: String!, $sku: String!) { addCartItem(cartId: $id, sku: $sku, quantity: 2) { cart { total { amount } lines { sku quantity product { slug } } } userErrors { code } } }",
            new { id, sku })).Data("addCartItem");
        Assert.Equal(2000, added.GetProperty("cart").GetProperty("total").GetProperty("amount").GetInt64());
        Assert.Equal(sku.ToLowerInvariant(), added.GetProperty("cart").GetProperty("lines")[0].GetProperty("product").GetProperty("slug").GetString());

        var tooMany = (await client.GraphQLAsync("mutation($id: String!, $sku: String!) { addCartItem(cartId: $id, sku: $sku, quantity: 5) { cart { id } userErrors { code field } } }",
            new { id, sku })).Data("addCartItem");
        Assert.Equal("OUT_OF_STOCK", tooMany.GetProperty("userErrors")[0].GetProperty("code").GetString());
        var badCode = (await client.GraphQLAsync("mutation($id: String!) { applyDiscountCode(cartId: $id, code: \"NO-SUCH-CODE\") { cart { id } userErrors { code message } } }",
            new { id })).Data("applyDiscountCode");
        Assert.Equal(JsonValueKind.Null, badCode.GetProperty("cart").ValueKind);
        Assert.NotEmpty(badCode.GetProperty("userErrors").EnumerateArray());
        var invalid = (await client.GraphQLAsync("mutation($id: String!, $sku: String!) { addCartItem(cartId: $id, sku: $sku, quantity: 0) { userErrors { code field } } }",
            new { id, sku })).Data("addCartItem");
        Assert.Equal("VALIDATION_FAILED", invalid.GetProperty("userErrors")[0].GetProperty("code").GetString());

        var checkout = (await client.GraphQLAsync($"mutation($id: String!) {{ checkoutCart(cartId: $id, paymentToken: \"tok_visa\", email: \"cart@example.com\") {{ {OrderFields} }} }}",
            new { id })).Data("checkoutCart");
        Assert.Equal("paid", checkout.GetProperty("order").GetProperty("status").GetString());
        Assert.Equal(1, await app.QueryAsync(db => db.StockLevels.Where(l => l.Sku == sku).SumAsync(l => l.OnHand)));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Buy_now_places_an_order_replays_its_key_refuses_a_declined_card_and_reads_it_back_with_the_token()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, price: 2500, stock: 5);
        var client = app.CreateClient();
        var key = Guid.NewGuid().ToString();
        var placed = (await client.GraphQLAsync(BuyNow, new { input = Input(sku, 2), key })).Data("buyNow");
        var order = placed.GetProperty("order");
        Assert.Equal("paid", order.GetProperty("status").GetString());
        Assert.Equal(5000, order.GetProperty("total").GetProperty("amount").GetInt64());
        Assert.Equal(sku.ToLowerInvariant(), order.GetProperty("lines")[0].GetProperty("product").GetProperty("slug").GetString());

        var replay = (await client.GraphQLAsync(BuyNow, new { input = Input(sku, 2), key })).Data("buyNow").GetProperty("order");
        Assert.Equal(order.GetProperty("id").GetString(), replay.GetProperty("id").GetString());
        var reused = (await client.GraphQLAsync(BuyNow, new { input = Input(sku, 1), key })).Data("buyNow");
        Assert.Equal("IDEMPOTENCY_CONFLICT", reused.GetProperty("userErrors")[0].GetProperty("code").GetString());
        Assert.Equal(1, await app.QueryAsync(db => db.OrderLines.CountAsync(l => l.Sku == sku)));

        var declined = (await client.GraphQLAsync(BuyNow, new { input = Input(sku, 1, token: "tok_declined") })).Data("buyNow");
        Assert.Equal(JsonValueKind.Null, declined.GetProperty("order").ValueKind);
        Assert.Equal("PAYMENT_DECLINED", declined.GetProperty("userErrors")[0].GetProperty("code").GetString());
        var shortOf = (await client.GraphQLAsync(BuyNow, new { input = Input(sku, 4) })).Data("buyNow");
        Assert.Equal("OUT_OF_STOCK", shortOf.GetProperty("userErrors")[0].GetProperty("code").GetString());

        const string read = "query($id: String!) { order(id: $id) { id status } }";
        var restId = order.GetProperty("restId").GetString();
        var withToken = app.CreateClient();
        withToken.DefaultRequestHeaders.Add("Order-Token", order.GetProperty("orderToken").GetString());
        Assert.Equal("paid", (await withToken.GraphQLAsync(read, new { id = restId })).Data("order").GetProperty("status").GetString());
        Assert.Equal("NOT_FOUND", (await app.CreateClient().GraphQLAsync(read, new { id = restId })).ErrorCode());
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Two_hundred_buy_now_mutations_for_ten_units_make_exactly_ten_orders()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 10);
        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            app.CreateClient().GraphQLAsync(BuyNow, new { input = Input(sku, email: $"flash{i}@example.com") })));

        var placed = answers.Count(a => a.GetProperty("data").GetProperty("buyNow").GetProperty("order").ValueKind == JsonValueKind.Object);
        Assert.Equal(10, placed);
        Assert.Equal(190, answers.Count(a => a.GetProperty("data").GetProperty("buyNow").GetProperty("userErrors").EnumerateArray()
            .Any(e => e.GetProperty("code").GetString() == "OUT_OF_STOCK")));
        Assert.Equal(10, await app.QueryAsync(db => db.OrderLines.CountAsync(l => l.Sku == sku)));
        Assert.Equal(0, await app.QueryAsync(db => db.StockLevels.Where(l => l.Sku == sku).SumAsync(l => l.OnHand)));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_customer_reads_me_and_their_orders_and_staff_fields_follow_the_admin_policy()
    {
        var sku = await TestCatalog.CreateSkuAsync(app);
        var alice = await app.CustomerClientAsync();
        var placed = (await alice.GraphQLAsync(BuyNow, new { input = new { lines = new[] { new { sku, quantity = 1 } }, paymentToken = "tok_visa" } })).Data("buyNow");
        var id = placed.GetProperty("order").GetProperty("id").GetString();
        var mine = (await alice.GraphQLAsync("{ me { email role } myOrders(first: 5) { nodes { id lines { product { slug } } } } }")).GetProperty("data");
        Assert.Equal("customer", mine.GetProperty("me").GetProperty("role").GetString());
        Assert.Equal(id, mine.GetProperty("myOrders").GetProperty("nodes")[0].GetProperty("id").GetString());

        Assert.Equal("UNAUTHORIZED", (await app.CreateClient().GraphQLAsync("{ me { email } }")).ErrorCode());
        Assert.Equal("FORBIDDEN", (await alice.GraphQLAsync("{ orders(first: 1) { nodes { id } } }")).ErrorCode());
        Assert.Equal("FORBIDDEN", (await alice.GraphQLAsync("{ inventory(first: 1) { nodes { sku } } }")).ErrorCode());
        Assert.Equal("FORBIDDEN", (await alice.GraphQLAsync("{ discounts(first: 1) { nodes { name } } }")).ErrorCode());
        Assert.Equal("FORBIDDEN", (await alice.GraphQLAsync("mutation($id: String!) { cancelOrder(id: $id) { order { status } } }", new { id })).ErrorCode());

        var staff = await app.StaffClientAsync();
        var seen = (await staff.GraphQLAsync("query($id: ID!) { orders(first: 5) { nodes { id } } inventory(first: 5) { nodes { sku } } discounts(first: 5) { nodes { name } } node(id: $id) { id } }",
            new { id })).GetProperty("data");
        Assert.Equal(id, seen.GetProperty("node").GetProperty("id").GetString());
        var cancelled = (await staff.GraphQLAsync("mutation($id: String!, $key: String) { cancelOrder(id: $id, idempotencyKey: $key) { order { status } userErrors { code } } }",
            new { id, key = Guid.NewGuid().ToString() })).Data("cancelOrder");
        Assert.Equal("cancelled", cancelled.GetProperty("order").GetProperty("status").GetString());
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Staff_refund_an_order_by_amount_and_by_lines_as_REST_does_and_a_customer_cannot()
    {
        const string refund = "mutation($id: String!, $amount: Long, $lines: [LineInput!], $restock: Boolean, $key: String) " +
            "{ refundOrder(id: $id, amount: $amount, lines: $lines, restock: $restock, idempotencyKey: $key) { order { status } userErrors { code field } } }";
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 10);
        var alice = await app.CustomerClientAsync();
        var id = (await alice.GraphQLAsync(BuyNow, new { input = new { lines = new[] { new { sku, quantity = 3 } }, paymentToken = "tok_visa" } }))
            .Data("buyNow").GetProperty("order").GetProperty("restId").GetString();
        var staff = await app.StaffClientAsync();

        Assert.Equal("FORBIDDEN", (await alice.GraphQLAsync(refund, new { id, amount = 100 })).ErrorCode());
        var both = (await staff.GraphQLAsync(refund, new { id, amount = 100, lines = new[] { new { sku, quantity = 1 } } })).Data("refundOrder");
        Assert.Equal("VALIDATION_FAILED", both.GetProperty("userErrors")[0].GetProperty("code").GetString());
        var byAmount = (await staff.GraphQLAsync(refund, new { id, amount = 100, key = Guid.NewGuid().ToString() })).Data("refundOrder");
        Assert.Equal("partially_refunded", byAmount.GetProperty("order").GetProperty("status").GetString());
        var byLines = (await staff.GraphQLAsync(refund, new { id, lines = new[] { new { sku, quantity = 1 } }, restock = true })).Data("refundOrder");
        Assert.Empty(byLines.GetProperty("userErrors").EnumerateArray());
        Assert.Equal(8, await app.QueryAsync(db => db.StockLevels.Where(l => l.Sku == sku).SumAsync(l => l.OnHand))); // 10 - 3 + 1
        var rest = await (await staff.GetAsync($"/admin/orders/{id}")).JsonAsync();
        Assert.Equal("partially_refunded", rest.GetProperty("status").GetString());
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Another_customers_cart_and_order_are_null_with_not_found_through_every_field_and_node()
    {
        var sku = await TestCatalog.CreateSkuAsync(app);
        var alice = await app.CustomerClientAsync();
        var bob = await app.CustomerClientAsync();
        var cart = (await alice.GraphQLAsync("mutation { createCart { cart { id restId } } }")).Data("createCart").GetProperty("cart");
        var order = (await alice.GraphQLAsync(BuyNow, new { input = new { lines = new[] { new { sku, quantity = 1 } }, paymentToken = "tok_visa" } }))
            .Data("buyNow").GetProperty("order");

        foreach (var (query, variables) in new (string, object)[]
                 {
                     ("query($id: String!) { cart(id: $id) { id } }", new { id = cart.GetProperty("restId").GetString() }),
                     ("query($id: ID!) { node(id: $id) { id } }", new { id = cart.GetProperty("id").GetString() }),
                     ("query($id: String!) { order(id: $id) { id } }", new { id = order.GetProperty("restId").GetString() }),
                     ("query($id: ID!) { node(id: $id) { id } }", new { id = order.GetProperty("id").GetString() }),
                     ("query($id: ID!) { node(id: $id) { id } }", new { id = "gid://engineroom/Product/999999999" }),
                     ("query($id: ID!) { node(id: $id) { id } }", new { id = "gid://engineroom/Category/999999999" }),
                     ("query($id: ID!) { node(id: $id) { id } }", new { id = "not-a-global-id" }),
                     ("mutation($id: String!, $sku: String!) { addCartItem(cartId: $id, sku: $sku, quantity: 1) { cart { id } } }", new { id = cart.GetProperty("restId").GetString(), sku }),
                     ("mutation($id: String!) { checkoutCart(cartId: $id, paymentToken: \"tok_visa\") { order { id } } }", new { id = cart.GetProperty("restId").GetString() }),
                 })
        {
            var answer = await bob.GraphQLAsync(query, variables);
            Assert.True(answer.ErrorCode() == "NOT_FOUND", $"{query}: {answer}");
            Assert.All(answer.GetProperty("data").EnumerateObject(), f => Assert.Equal(JsonValueKind.Null, f.Value.ValueKind));
        }
        Assert.Equal(cart.GetProperty("id").GetString(), (await alice.GraphQLAsync("query($id: ID!) { node(id: $id) { id } }",
            new { id = cart.GetProperty("id").GetString() })).Data("node").GetProperty("id").GetString());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class GraphQLStoreTestsOnSqlite(SqliteApp app) : GraphQLStoreTests(app);

[Collection(PostgresCollection.Name)]
public sealed class GraphQLStoreTestsOnPostgres(PostgresApp app) : GraphQLStoreTests(app);
