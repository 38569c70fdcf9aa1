using System.Net;
using System.Net.Http.Json;
using EngineRoom.Common;
using EngineRoom.Events;
using EngineRoom.Tests.Infrastructure;
using EngineRoom.Tests.Orders;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Webhooks;

/// <summary>The events webhooks carry that the catalogue lacked: order.captured and product.created/updated/deleted, each written with its change.</summary>
public abstract class WebhookEventTests(EngineRoomApp app)
{
    private Task<List<object>> EventsAsync(string type, string mention) => app.QueryAsync(async db =>
        (await db.OutboxMessages.AsNoTracking().Where(m => m.Type == type && m.Payload.Contains(mention)).OrderBy(m => m.OccurredAt).ToListAsync())
        .Select(m => (object)IntegrationEvents.Read(m)).ToList());

    [Fact]
    public async Task Each_capture_writes_order_captured_with_the_amount_and_the_running_total()
    {
        var orders = new OrderScenario(app);
        var (id, _) = await orders.PlaceAsync(manual: true);
        var staff = await orders.StaffAsync();
        await (await staff.PostAsJsonAsync($"/admin/orders/{id}/capture", new { amount = 500 })).JsonAsync();
        app.Clock.Advance(TimeSpan.FromMilliseconds(1)); // events are read back in the order they occurred: no ties
        await (await staff.PostAsJsonAsync($"/admin/orders/{id}/capture", new { })).JsonAsync();

        var captures = (await EventsAsync(OrderCaptured.Name, id.ToString())).Cast<OrderCaptured>().ToList();
        Assert.Equal([(new Money(500, "USD"), new Money(500, "USD")), (new Money(1500, "USD"), new Money(2000, "USD"))],
            captures.Select(c => (c.Amount, c.TotalCaptured)));
        Assert.Single(await EventsAsync(OrderPaid.Name, id.ToString()));
    }

    [Fact]
    public async Task Every_product_edit_writes_its_event_and_a_refused_edit_writes_none()
    {
        var admin = await app.AdminClientAsync();
        var sku = TestCatalog.NewSku();
        var slug = sku.ToLowerInvariant();
        var product = await (await admin.PostAsJsonAsync("/admin/products", new
        {
            slug, name = "Evented", published = true, variants = new[] { new { sku, name = "M", prices = new[] { new { amount = 100L, currency = "USD" } } } },
        })).JsonAsync(HttpStatusCode.Created);
        var id = product.GetProperty("id").GetInt64();
        var variant = product.GetProperty("variants")[0].GetProperty("id").GetInt64();
        var mention = $"\"productId\":{id},";
        Tick();
        void Tick() => app.Clock.Advance(TimeSpan.FromMilliseconds(1)); // events are read back in the order they occurred: no ties

        await (await admin.PutAsJsonAsync($"/admin/products/{id}", new { slug, name = "Evented 2", published = false })).JsonAsync();
        Tick();
        var second = TestCatalog.NewSku();
        await (await admin.PostAsJsonAsync($"/admin/products/{id}/variants", new { sku = second, name = "L", prices = new[] { new { amount = 200L, currency = "USD" } } }))
            .JsonAsync(HttpStatusCode.Created);
        Tick();
        await (await admin.PutAsJsonAsync($"/admin/variants/{variant}", new { sku, name = "Medium", prices = new[] { new { amount = 150L, currency = "USD" } } })).JsonAsync();
        Tick();
        await (await admin.PutAsJsonAsync($"/admin/variants/{variant}/prices", new { prices = new[] { new { amount = 175L, currency = "USD" } } })).JsonAsync();
        Tick();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/admin/variants/{variant}")).StatusCode);
        Tick();
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PutAsJsonAsync($"/admin/products/{id}",
            new { slug = (await TakenSlugAsync(admin)), name = "Clash", published = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/admin/products/{id}")).StatusCode);

        var created = (ProductCreated)Assert.Single(await EventsAsync(ProductCreated.Name, mention));
        Assert.Equal((slug, true), (created.Slug, created.Published));
        Assert.Equal([sku], created.Skus);
        var updates = (await EventsAsync(ProductUpdated.Name, mention)).Cast<ProductUpdated>().ToList();
        Assert.Equal(5, updates.Count); // product, variant added, variant changed, prices set, variant deleted; not the refused one
        Assert.False(updates[0].Published);
        Assert.Equal([second], updates[^1].Skus);
        var deleted = (ProductDeleted)Assert.Single(await EventsAsync(ProductDeleted.Name, mention));
        Assert.Equal([second], deleted.Skus);
    }

    private static async Task<string> TakenSlugAsync(HttpClient admin)
    {
        var slug = TestCatalog.NewSku().ToLowerInvariant();
        await (await admin.PostAsJsonAsync("/admin/products", new { slug, name = "Taken", published = false })).JsonAsync(HttpStatusCode.Created);
        return slug;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WebhookEventTestsOnSqlite(SqliteApp app) : WebhookEventTests(app);

[Collection(PostgresCollection.Name)]
public sealed class WebhookEventTestsOnPostgres(PostgresApp app) : WebhookEventTests(app);
