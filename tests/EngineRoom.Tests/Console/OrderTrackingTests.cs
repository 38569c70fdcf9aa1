using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Tests.Infrastructure;

namespace EngineRoom.Tests.Console;

/// <summary>Order tracking is readable: the order's own answer carries its fulfilments with carrier and tracking number.</summary>
public abstract class OrderTrackingTests(EngineRoomApp app)
{
    [Fact]
    public async Task Staff_and_the_customer_read_carrier_and_tracking_number_of_each_fulfilment()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, price: 1500, stock: 10);
        var customer = await app.CustomerClientAsync();
        var order = await (await customer.PostAsJsonAsync("/store/orders", new { lines = new[] { new { sku, quantity = 2 } }, paymentToken = "tok_visa" }))
            .JsonAsync(HttpStatusCode.Created);
        var id = order.GetProperty("id").GetString();
        Assert.False(order.TryGetProperty("fulfillments", out _)); // the checkout answer is unchanged

        var staff = await app.StaffClientAsync();
        var fulfilled = await (await staff.PostAsJsonAsync($"/admin/orders/{id}/fulfillments",
            new { lines = new[] { new { sku, quantity = 1 } }, carrier = "DHL", trackingNumber = "JD0001" })).JsonAsync();
        Assert.Equal(("DHL", "JD0001"), Tracking(fulfilled.GetProperty("fulfillments")[0])); // the action's answer shows it
        app.Clock.Advance(TimeSpan.FromSeconds(1)); // parcels are listed in the order they were made
        await (await staff.PostAsJsonAsync($"/admin/orders/{id}/fulfillments", new { carrier = "UPS" })).JsonAsync();
        await (await staff.PostAsJsonAsync($"/admin/orders/{id}/ship", new { trackingNumber = "1Z999" })).JsonAsync();

        foreach (var (client, path) in new[] { (staff, $"/admin/orders/{id}"), (customer, $"/store/orders/{id}") })
        {
            var fulfillments = (await (await client.GetAsync(path)).JsonAsync()).GetProperty("fulfillments");
            Assert.Equal(2, fulfillments.GetArrayLength());
            // A tracking number given at shipping replaces the one known at fulfilment; each parcel keeps its carrier.
            Assert.Equal([("DHL", "1Z999"), ("UPS", "1Z999")], fulfillments.EnumerateArray().Select(Tracking).ToList());
            Assert.All(fulfillments.EnumerateArray(), f => Assert.NotEqual(JsonValueKind.Null, f.GetProperty("shippedAt").ValueKind));
            Assert.Equal(1, fulfillments[0].GetProperty("lines")[0].GetProperty("quantity").GetInt32());
        }

        var stranger = await app.CustomerClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/store/orders/{id}")).StatusCode);
        var list = await (await customer.GetAsync("/store/orders")).JsonAsync();
        Assert.False(list.GetProperty("items")[0].TryGetProperty("fulfillments", out _)); // lists stay light
    }

    [Fact]
    public async Task A_guest_reads_tracking_with_the_order_token_and_staff_see_returns_to_receive()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, price: 1000, stock: 10);
        var guest = app.CreateClient();
        var order = await (await guest.PostAsJsonAsync("/store/orders",
            new { lines = new[] { new { sku, quantity = 1 } }, email = $"g-{Guid.NewGuid():N}@example.com", paymentToken = "tok_visa" })).JsonAsync(HttpStatusCode.Created);
        var id = order.GetProperty("id").GetString();
        var staff = await app.StaffClientAsync();
        await (await staff.PostAsJsonAsync($"/admin/orders/{id}/fulfillments", new { carrier = "PostNL", trackingNumber = "3S123" })).JsonAsync();
        await (await staff.PostAsJsonAsync($"/admin/orders/{id}/ship", new { })).JsonAsync();
        await (await staff.PostAsJsonAsync($"/admin/orders/{id}/deliver", new { })).JsonAsync();

        var read = new HttpRequestMessage(HttpMethod.Get, $"/store/orders/{id}");
        read.Headers.Add("Order-Token", order.GetProperty("orderToken").GetString());
        var seen = await (await guest.SendAsync(read)).JsonAsync();
        var parcel = seen.GetProperty("fulfillments")[0];
        Assert.Equal(("PostNL", "3S123"), Tracking(parcel));
        Assert.NotEqual(JsonValueKind.Null, parcel.GetProperty("deliveredAt").ValueKind);

        var ask = new HttpRequestMessage(HttpMethod.Post, $"/store/orders/{id}/returns") { Content = JsonContent.Create(new { lines = new[] { new { sku, quantity = 1 } }, reason = "too small" }) };
        ask.Headers.Add("Order-Token", order.GetProperty("orderToken").GetString());
        var requested = await (await guest.SendAsync(ask)).JsonAsync(HttpStatusCode.Created);
        var returns = (await (await staff.GetAsync($"/admin/orders/{id}")).JsonAsync()).GetProperty("returns");
        Assert.Equal(requested.GetProperty("id").GetString(), returns[0].GetProperty("id").GetString());
        Assert.Equal("requested", returns[0].GetProperty("status").GetString());

        var received = await (await staff.PostAsJsonAsync($"/admin/orders/{id}/returns/{returns[0].GetProperty("id").GetString()}/receive", new { restock = true })).JsonAsync();
        Assert.Equal("received", received.GetProperty("returns")[0].GetProperty("status").GetString());
        Assert.Equal(1000, received.GetProperty("returns")[0].GetProperty("refunded").GetProperty("amount").GetInt64());
    }

    private static (string?, string?) Tracking(JsonElement f) => (f.GetProperty("carrier").GetString(), f.GetProperty("trackingNumber").GetString());
}

[Collection(SqliteCollection.Name)]
public sealed class OrderTrackingTestsOnSqlite(SqliteApp app) : OrderTrackingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OrderTrackingTestsOnPostgres(PostgresApp app) : OrderTrackingTests(app);
