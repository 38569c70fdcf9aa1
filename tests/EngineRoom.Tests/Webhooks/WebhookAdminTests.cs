using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Events;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Webhooks;

/// <summary>The admin API on the shared app, whose guard is as production has it: https only, public addresses only.</summary>
public abstract class WebhookAdminTests(EngineRoomApp app)
{
    public static readonly TheoryData<string> RefusedUrls =
    [
        "https://127.0.0.1/hook", "https://localhost:8443/hook", "https://10.1.2.3/hook", "https://172.16.0.1/hook", "https://192.168.1.10/hook",
        "https://100.64.0.1/hook", "https://169.254.169.254/latest/meta-data", "https://0.0.0.0/hook", "https://224.0.0.1/hook",
        "https://[::1]/hook", "https://[fd00:ec2::254]/hook", "https://[fe80::1]/hook", "https://[::ffff:127.0.0.1]/hook", "https://[64:ff9b::a00:1]/hook",
        "http://example.com/hook", "ftp://example.com/hook", "file:///etc/passwd", "not a url", "/relative/hook", "https://user:secret@example.com/hook",
        "https://hooks.invalid/engineroom",
    ];

    [Theory, MemberData(nameof(RefusedUrls))]
    public async Task A_url_that_is_malformed_private_or_not_https_is_400_naming_url_and_nothing_is_stored(string url)
    {
        var admin = await app.AdminClientAsync();
        var before = await app.QueryAsync(db => db.WebhookEndpoints.CountAsync());
        await admin.PostAsJsonAsync("/admin/webhooks/endpoints", new { url, eventTypes = new[] { OrderPaid.Name } }).AssertInvalidAsync("url");
        Assert.Equal(before, await app.QueryAsync(db => db.WebhookEndpoints.CountAsync()));
    }

    [Fact]
    public async Task A_bad_body_is_400_naming_the_field()
    {
        var admin = await app.AdminClientAsync();
        const string url = "https://127.0.0.1/hook"; // never reached: the shape is refused first
        await admin.PostAsJsonAsync("/admin/webhooks/endpoints", new { url, eventTypes = new[] { "order.exploded" } }).AssertInvalidAsync("eventTypes");
        await admin.PostAsJsonAsync("/admin/webhooks/endpoints", new { url, eventTypes = Array.Empty<string>() }).AssertInvalidAsync("eventTypes");
        await admin.PostAsJsonAsync("/admin/webhooks/endpoints", new { eventTypes = new[] { OrderPaid.Name } }).AssertInvalidAsync("url");
        await admin.PostAsJsonAsync($"/admin/webhooks/endpoints/{Guid.NewGuid()}/replay-failed", new { }).AssertInvalidAsync("since");
    }

    [Fact]
    public async Task Staff_read_but_only_admins_register_endpoints()
    {
        var staff = await app.StaffClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/admin/webhooks/endpoints")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync("/admin/webhooks/endpoints",
            new { url = "https://hooks.example.com/x", eventTypes = new[] { OrderPaid.Name } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.CustomerClientAsync()).GetAsync("/admin/webhooks/event-types")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/admin/webhooks/endpoints")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/admin/webhooks/endpoints/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task The_event_types_carry_a_json_schema_of_each_payload_made_from_its_record()
    {
        var types = (await (await app.StaffClientAsync()).GetAsync("/admin/webhooks/event-types").JsonAsync()).EnumerateArray()
            .ToDictionary(t => t.GetProperty("type").GetString()!, t => t.GetProperty("schema"));
        string[] required = ["order.placed", "order.paid", "order.captured", "order.refunded", "order.cancelled", "order.fulfilled", "order.shipped",
            "order.delivered", "return.requested", "return.received", "inventory.low", "product.created", "product.updated", "product.deleted"];
        Assert.Superset(required.ToHashSet(), types.Keys.ToHashSet());
        Assert.Equal(IntegrationEvents.All.Keys.Order(), types.Keys.Order());

        var placed = types[OrderPlaced.Name].GetProperty("properties");
        Assert.Equal("uuid", placed.GetProperty("orderId").GetProperty("format").GetString());
        var total = placed.GetProperty("total").GetProperty("properties");
        Assert.Contains("integer", total.GetProperty("amount").GetProperty("type").ToString());
        Assert.Contains("string", total.GetProperty("currency").GetProperty("type").ToString());
        Assert.Equal("array", placed.GetProperty("lines").GetProperty("type").GetString());
        Assert.Equal(["available", "detectedAt", "sku", "threshold"],
            types[InventoryLow.Name].GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WebhookAdminTestsOnSqlite(SqliteApp app) : WebhookAdminTests(app);

[Collection(PostgresCollection.Name)]
public sealed class WebhookAdminTestsOnPostgres(PostgresApp app) : WebhookAdminTests(app);
