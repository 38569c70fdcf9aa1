using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using EngineRoom.Common;
using EngineRoom.Events;
using EngineRoom.Tests.Infrastructure;
using EngineRoom.Tests.Orders;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Events;

public sealed class EventCatalogueTests
{
    [Fact]
    public void Every_event_record_has_a_unique_name_and_is_in_the_catalogue()
    {
        var types = typeof(IIntegrationEvent).Assembly.GetTypes().Where(t => t.IsClass && typeof(IIntegrationEvent).IsAssignableFrom(t)).ToList();
        var names = types.Select(t => (string)t.GetProperty(nameof(IIntegrationEvent.Name), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(types.Zip(names).OrderBy(p => p.Second).Select(p => (p.Second, p.First)),
            IntegrationEvents.All.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)));
        Assert.All(types, t => Assert.True(t.IsSealed && t.Namespace == "EngineRoom.Events", $"{t.Name} is a sealed record of EngineRoom.Events"));
    }
}

/// <summary>Every outbox message the flows write is an event of the catalogue, and its record carries the right figures.</summary>
public abstract class EventPayloadTests(EngineRoomApp app)
{
    private readonly OrderScenario _orders = new(app);

    private static Money Usd(long amount) => new(amount, "USD");

    private static void Near(DateTimeOffset expected, DateTimeOffset actual) =>
        Assert.True((expected - actual).Duration() < TimeSpan.FromMilliseconds(1), $"{actual:O} is {expected:O}"); // PostgreSQL keeps microseconds

    /// <summary>The events whose payload names <paramref name="mention"/>, each read back into its record.</summary>
    private async Task<List<object>> EventsAsync(object mention)
    {
        var text = mention.ToString()!;
        var messages = await app.QueryAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Payload.Contains(text)).ToListAsync());
        return messages.OrderBy(m => m.OccurredAt).Select(m =>
        {
            Assert.True(IntegrationEvents.All.ContainsKey(m.Type), $"{m.Type} is in the catalogue");
            var e = IntegrationEvents.Read(m);
            Assert.IsType(IntegrationEvents.All[m.Type], e);
            Assert.Equal(m.Payload, JsonSerializer.Serialize(e, e.GetType(), IntegrationEvents.Json)); // nothing in the payload the record drops
            Assert.DoesNotContain("@", m.Payload); // no email addresses
            return (object)e;
        }).ToList();
    }

    [Fact]
    public async Task Buy_now_writes_order_placed_and_order_paid()
    {
        var at = app.Clock.GetUtcNow();
        var (id, sku) = await _orders.PlaceAsync();
        var events = await EventsAsync(id);
        Assert.Equal([OrderPaid.Name, OrderPlaced.Name], events.Select(NameOf).Order());
        var placed = Assert.Single(events.OfType<OrderPlaced>());
        Assert.Equal((id, (Guid?)null, Usd(2000)), (placed.OrderId, placed.CustomerId, placed.Total));
        Assert.Equal([new EventLine(sku, 2)], placed.Lines);
        Near(at, placed.PlacedAt);
        var paid = Assert.Single(events.OfType<OrderPaid>());
        Assert.Equal((id, (Guid?)null, Usd(2000)), (paid.OrderId, paid.CustomerId, paid.Total));
        Near(at, paid.PaidAt);
    }

    [Fact]
    public async Task A_cart_checkout_names_the_customer()
    {
        var customer = await app.CustomerClientAsync();
        var me = (await (await customer.GetAsync("/store/me")).JsonAsync()).GetProperty("id").GetGuid();
        var sku = await TestCatalog.CreateSkuAsync(app, price: 700);
        var cart = (await (await customer.PostAsJsonAsync("/store/carts", new { currency = "USD" })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await customer.PostAsJsonAsync($"/store/carts/{cart}/items", new { sku, quantity = 3 })).JsonAsync();
        var checkout = new HttpRequestMessage(HttpMethod.Post, $"/store/carts/{cart}/checkout") { Content = JsonContent.Create(new { paymentToken = "tok_visa" }) };
        checkout.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var id = (await (await customer.SendAsync(checkout)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var events = await EventsAsync(id);
        var placed = Assert.Single(events.OfType<OrderPlaced>());
        Assert.Equal((id, (Guid?)me, Usd(2100)), (placed.OrderId, placed.CustomerId, placed.Total));
        Assert.Equal([new EventLine(sku, 3)], placed.Lines);
        Assert.Equal((Guid?)me, Assert.Single(events.OfType<OrderPaid>()).CustomerId);
    }

    [Fact]
    public async Task Manual_capture_completing_the_total_writes_order_paid_once()
    {
        var (id, sku) = await _orders.PlaceAsync(manual: true);
        Assert.Equal([OrderPlaced.Name], (await EventsAsync(id)).Select(NameOf));
        var staff = await _orders.StaffAsync();
        await (await staff.PostAsJsonAsync($"/admin/orders/{id}/capture", new { amount = 500 })).JsonAsync();
        Assert.Empty((await EventsAsync(id)).OfType<OrderPaid>());
        await (await staff.PostAsJsonAsync($"/admin/orders/{id}/capture", new { })).JsonAsync();
        var paid = Assert.Single((await EventsAsync(id)).OfType<OrderPaid>());
        Assert.Equal((id, Usd(2000)), (paid.OrderId, paid.Total));
    }

    [Fact]
    public async Task Refunds_by_amount_and_by_lines_carry_the_amount_and_the_running_total()
    {
        var (id, sku) = await _orders.PlaceAsync();
        var staff = await _orders.StaffAsync();
        var at = app.Clock.GetUtcNow();
        await (await staff.PostAsJsonAsync($"/admin/orders/{id}/refunds", new { amount = 500 })).JsonAsync();
        await (await staff.PostAsJsonAsync($"/admin/orders/{id}/refunds", new { lines = new[] { new { sku, quantity = 1 } }, restock = true })).JsonAsync();

        var refunds = (await EventsAsync(id)).OfType<OrderRefunded>().OrderBy(r => r.TotalRefunded.Amount).ToList();
        Assert.Equal([(Usd(500), Usd(500), 0), (Usd(1000), Usd(1500), 1)], refunds.Select(r => (r.Amount, r.TotalRefunded, r.Lines.Count)));
        Assert.Equal([new EventLine(sku, 1)], refunds[1].Lines);
        Assert.All(refunds, r => { Assert.Equal(id, r.OrderId); Assert.Null(r.ReturnId); Near(at, r.RefundedAt); });
    }

    [Fact]
    public async Task Cancel_and_void_write_order_cancelled_with_what_went_back()
    {
        var (paid, _) = await _orders.PlaceAsync();
        var (authorized, sku) = await _orders.PlaceAsync(manual: true);
        await (await _orders.ActAsync(paid, "cancel", sku)).JsonAsync();
        await (await _orders.ActAsync(authorized, "void", sku)).JsonAsync();

        var cancelled = Assert.Single((await EventsAsync(paid)).OfType<OrderCancelled>());
        Assert.Equal((paid, Usd(2000), false), (cancelled.OrderId, cancelled.Refunded, cancelled.Voided));
        var voided = Assert.Single((await EventsAsync(authorized)).OfType<OrderCancelled>());
        Assert.Equal((authorized, Usd(0), true), (voided.OrderId, voided.Refunded, voided.Voided));
    }

    [Fact]
    public async Task Fulfil_ship_deliver_and_a_return_write_their_events()
    {
        var customer = await app.CustomerClientAsync();
        var sku = await TestCatalog.CreateSkuAsync(app, price: 1200);
        var id = (await (await customer.PostAsJsonAsync("/store/orders", new { lines = new[] { new { sku, quantity = 2 } }, paymentToken = "tok_visa" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        foreach (var step in new[] { "fulfil", "fulfil", "ship", "deliver" }) await (await _orders.ActAsync(id, step, sku)).JsonAsync();
        var ret = (await (await customer.PostAsJsonAsync($"/store/orders/{id}/returns", new { lines = new[] { new { sku, quantity = 1 } }, reason = "too small" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var staff = await _orders.StaffAsync();
        await (await staff.PostAsJsonAsync($"/admin/orders/{id}/returns/{ret}/receive", new { restock = true })).JsonAsync();

        var events = await EventsAsync(id);
        var fulfilments = events.OfType<OrderFulfilled>().OrderBy(f => f.Complete).ToList();
        Assert.Equal([(false, 1), (true, 1)], fulfilments.Select(f => (f.Complete, f.Lines.Single(l => l.Sku == sku).Quantity)));
        Assert.All(fulfilments, f => Assert.Equal(("default", id), (f.Location, f.OrderId)));
        Assert.NotEqual(fulfilments[0].FulfillmentId, fulfilments[1].FulfillmentId);
        Assert.Equal((id, "UPS", "1Z999"), Assert.Single(events.OfType<OrderShipped>()) is var s ? (s.OrderId, s.Carrier, s.TrackingNumber) : default);
        Assert.Equal(id, Assert.Single(events.OfType<OrderDelivered>()).OrderId);
        var requested = Assert.Single(events.OfType<ReturnRequested>());
        Assert.Equal((ret, id), (requested.ReturnId, requested.OrderId));
        Assert.Equal([new EventLine(sku, 1)], requested.Lines);
        var refunded = Assert.Single(events.OfType<OrderRefunded>());
        Assert.Equal((Usd(1200), (Guid?)ret), (refunded.Amount, refunded.ReturnId));
        var received = Assert.Single(events.OfType<ReturnReceived>());
        Assert.Equal((ret, id, Usd(1200), true), (received.ReturnId, received.OrderId, received.Refunded, received.Restocked));
        Assert.Equal([new EventLine(sku, 1)], received.Lines);
    }

    [Fact]
    public async Task A_stock_adjustment_below_the_threshold_writes_inventory_low()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 10);
        var staff = await app.StaffClientAsync();
        await (await staff.PatchAsJsonAsync($"/admin/inventory/{sku}", new { lowStockThreshold = 5 })).JsonAsync();
        var at = app.Clock.GetUtcNow();
        await (await staff.PostAsJsonAsync($"/admin/inventory/{sku}/adjustments", new { delta = -6, reason = "damaged" })).JsonAsync();

        var low = Assert.Single((await EventsAsync(sku)).OfType<InventoryLow>()); // product.created names the SKU too
        Assert.Equal((sku, 4L, 5), (low.Sku, low.Available, low.Threshold));
        Near(at, low.DetectedAt);
    }

    private static string NameOf(object e) => IntegrationEvents.All.Single(p => p.Value == e.GetType()).Key;
}

[Collection(SqliteCollection.Name)]
public sealed class EventPayloadTestsOnSqlite(SqliteApp app) : EventPayloadTests(app);

[Collection(PostgresCollection.Name)]
public sealed class EventPayloadTestsOnPostgres(PostgresApp app) : EventPayloadTests(app);
