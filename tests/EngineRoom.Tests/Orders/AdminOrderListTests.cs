using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Tests.Infrastructure;

namespace EngineRoom.Tests.Orders;

public abstract class AdminOrderListTests(EngineRoomApp app)
{
    private static List<string> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetString()!).ToList();

    [Fact]
    public async Task Staff_filter_orders_by_status_customer_email_and_date_and_page_through_them()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 20);
        var customer = await app.CustomerClientAsync();
        var me = (await (await customer.GetAsync("/store/me")).JsonAsync()).GetProperty("id").GetString();
        var from = app.Clock.GetUtcNow();
        var placed = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            var order = await (await customer.PostAsJsonAsync("/store/orders", new { lines = new[] { new { sku, quantity = 1 } }, paymentToken = "tok_visa" })).JsonAsync(HttpStatusCode.Created);
            placed.Add(order.GetProperty("id").GetString()!);
        }
        var staff = await app.StaffClientAsync();
        await (await staff.PostAsJsonAsync($"/admin/orders/{placed[0]}/cancel", new { })).JsonAsync();

        var mine = Ids(await (await staff.GetAsync($"/admin/orders?customerId={me}&limit=50")).JsonAsync());
        Assert.Equal(placed.AsEnumerable().Reverse(), mine); // newest first
        var cancelled = Ids(await (await staff.GetAsync($"/admin/orders?customerId={me}&status=cancelled")).JsonAsync());
        Assert.Equal([placed[0]], cancelled);
        var paid = Ids(await (await staff.GetAsync($"/admin/orders?customerId={me}&status=paid")).JsonAsync());
        Assert.Equal([placed[2], placed[1]], paid);

        var since = Uri.EscapeDataString(from.AddSeconds(1.5).ToString("O"));
        var recent = Ids(await (await staff.GetAsync($"/admin/orders?customerId={me}&from={since}")).JsonAsync());
        Assert.Equal([placed[2], placed[1]], recent);

        var first = await (await staff.GetAsync($"/admin/orders?customerId={me}&limit=2")).JsonAsync();
        var second = await (await staff.GetAsync($"/admin/orders?customerId={me}&limit=2&cursor={first.GetProperty("nextCursor").GetString()}")).JsonAsync();
        Assert.Equal(mine, Ids(first).Concat(Ids(second)));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);

        await (await staff.GetAsync("/admin/orders?status=lost")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await staff.GetAsync("/admin/orders?cursor=not-a-cursor")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await customer.GetAsync("/admin/orders")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AdminOrderListTestsOnSqlite(SqliteApp app) : AdminOrderListTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AdminOrderListTestsOnPostgres(PostgresApp app) : AdminOrderListTests(app);
