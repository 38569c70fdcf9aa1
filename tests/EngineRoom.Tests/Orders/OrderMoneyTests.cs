using System.Net;
using System.Net.Http.Json;
using EngineRoom.Payments;
using EngineRoom.Pricing;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Orders;

public abstract class OrderMoneyTests(EngineRoomApp app)
{
    private readonly OrderScenario _orders = new(app);

    private Task<(long Captured, long Refunded)> PaymentAsync(Guid id) =>
        app.QueryAsync(async db => await db.Payments.Where(p => p.OrderId == id).Select(p => new ValueTuple<long, long>(p.Captured, p.Refunded)).SingleAsync());

    private Task<long> OnHandAsync(string sku) => app.QueryAsync(db => db.StockLevels.Where(l => l.Sku == sku).SumAsync(l => l.OnHand));

    [Fact]
    public async Task Two_staff_refunding_at_once_never_refund_more_than_was_captured()
    {
        var (id, _) = await _orders.PlaceAsync();
        var staffA = await _orders.StaffAsync();
        var staffB = await app.StaffClientAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            (i % 2 == 0 ? staffA : staffB).PostAsJsonAsync($"/admin/orders/{id}/refunds", new { amount = 1500 })));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Contains((int)a.StatusCode, new[] { 409, 422 }));
        Assert.Equal((2000, 1500), await PaymentAsync(id));
        var paymentId = await app.QueryAsync(db => db.Payments.Where(p => p.OrderId == id).Select(p => p.ProviderPaymentId).SingleAsync());
        var providerRefunded = app.Sandbox.Find(paymentId)!.Refunded;
        Assert.Equal(1500, providerRefunded);
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_cancel_racing_a_fulfil_ends_in_exactly_one_of_them()
    {
        for (var round = 0; round < 5; round++)
        {
            var (id, sku) = await _orders.PlaceAsync();
            var stockBefore = await OnHandAsync(sku);
            var answers = await Task.WhenAll(_orders.ActAsync(id, "cancel", sku), _orders.ActAsync(id, "fulfil", sku));
            Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
            var status = await _orders.StatusAsync(id);
            if (answers[0].StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal("cancelled", status);
                Assert.Equal(stockBefore + 2, await OnHandAsync(sku));
                Assert.Equal((2000, 2000), await PaymentAsync(id));
            }
            else
            {
                Assert.Equal("partially_fulfilled", status);
                Assert.Equal(stockBefore, await OnHandAsync(sku));
            }
        }
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Partial_refunds_by_line_refund_what_was_paid_for_those_units_and_add_up()
    {
        var code = $"TEN{Guid.NewGuid():N}"[..14].ToUpperInvariant();
        await app.QueryAsync(async db =>
        {
            db.Discounts.Add(new Discount { Id = Guid.NewGuid(), Code = code, Name = "10%", Kind = DiscountKind.Percentage, PercentBps = 1000 });
            return await db.SaveChangesAsync();
        });
        var (id, sku) = await _orders.PlaceAsync(quantity: 3, price: 999, codes: [code]); // 2997 - 300 = 2697 paid
        var staff = await _orders.StaffAsync();
        var stock = await OnHandAsync(sku);

        var first = await (await staff.PostAsJsonAsync($"/admin/orders/{id}/refunds", new { lines = new[] { new { sku, quantity = 1 } }, restock = true })).JsonAsync();
        Assert.Equal("partially_refunded", first.GetProperty("status").GetString());
        Assert.Equal((2697, 899), await PaymentAsync(id)); // 2697 * 1 / 3, not the list price 999
        Assert.Equal(stock + 1, await OnHandAsync(sku));

        // The last units take what is left, so the parts add up to exactly what was paid: 899 + 1798 = 2697.
        var last = await (await staff.PostAsJsonAsync($"/admin/orders/{id}/refunds", new { lines = new[] { new { sku, quantity = 2 } }, restock = false })).JsonAsync();
        Assert.Equal("refunded", last.GetProperty("status").GetString());
        Assert.Equal((2697, 2697), await PaymentAsync(id));
        Assert.Equal(stock + 1, await OnHandAsync(sku));
        await (await staff.PostAsJsonAsync($"/admin/orders/{id}/refunds", new { amount = 1 })).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_transition");
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_provider_failure_during_refund_changes_nothing_and_the_same_key_can_retry()
    {
        var (id, _) = await _orders.PlaceAsync(token: "tok_refund_fails_once");
        var staff = await _orders.StaffAsync();
        var before = (await _orders.OrderAsync(id)).ToString();
        var entries = await app.QueryAsync(db => db.JournalEntries.CountAsync(e => e.OrderId == id));
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Refund()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/orders/{id}/refunds") { Content = JsonContent.Create(new { amount = 500 }) };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        await (await staff.SendAsync(Refund())).AssertProblemAsync(HttpStatusCode.BadGateway, "payment_provider_error");
        Assert.Equal(before, (await _orders.OrderAsync(id)).ToString());
        Assert.Equal(entries, await app.QueryAsync(db => db.JournalEntries.CountAsync(e => e.OrderId == id)));
        Assert.Equal((2000, 0), await PaymentAsync(id));

        var retried = await (await staff.SendAsync(Refund())).JsonAsync();
        Assert.Equal("partially_refunded", retried.GetProperty("status").GetString());
        var replayed = await staff.SendAsync(Refund());
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal((2000, 500), await PaymentAsync(id));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Manual_capture_in_parts_then_the_order_is_paid()
    {
        var (id, _) = await _orders.PlaceAsync(manual: true);
        var staff = await _orders.StaffAsync();
        Assert.Equal("authorized", (await (await staff.PostAsJsonAsync($"/admin/orders/{id}/capture", new { amount = 500 })).JsonAsync()).GetProperty("status").GetString());
        await (await staff.PostAsJsonAsync($"/admin/orders/{id}/capture", new { amount = 5000 })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "capture_exceeds_authorized");
        Assert.Equal("paid", (await (await staff.PostAsJsonAsync($"/admin/orders/{id}/capture", new { })).JsonAsync()).GetProperty("status").GetString());
        Assert.Equal((2000, 0), await PaymentAsync(id));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Customers_see_a_safe_history_of_their_own_order_only()
    {
        var customer = await app.CustomerClientAsync();
        var sku = await TestCatalog.CreateSkuAsync(app);
        var order = await (await customer.PostAsJsonAsync("/store/orders", new { lines = new[] { new { sku, quantity = 2 } }, paymentToken = "tok_visa" })).JsonAsync(HttpStatusCode.Created);
        var id = Guid.Parse(order.GetProperty("id").GetString()!);
        await (await _orders.ActAsync(id, "fulfil", sku)).JsonAsync();

        var history = await (await customer.GetAsync($"/store/orders/{id}/events")).JsonAsync();
        Assert.Equal("partially_fulfilled", history[0].GetProperty("to").GetString());
        Assert.False(history[0].TryGetProperty("actorId", out _));
        Assert.False(history[0].TryGetProperty("note", out _));
        var stranger = await app.CustomerClientAsync();
        await (await stranger.GetAsync($"/store/orders/{id}/events")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await customer.PostAsJsonAsync($"/admin/orders/{id}/cancel", new { })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OrderMoneyTestsOnSqlite(SqliteApp app) : OrderMoneyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OrderMoneyTestsOnPostgres(PostgresApp app) : OrderMoneyTests(app);

public abstract class OrderReturnTests(EngineRoomApp app)
{
    private readonly OrderScenario _orders = new(app);

    [Fact]
    public async Task A_customer_returns_delivered_units_and_staff_receive_restock_and_refund_them()
    {
        var customer = await app.CustomerClientAsync();
        var sku = await TestCatalog.CreateSkuAsync(app, price: 1200);
        var order = await (await customer.PostAsJsonAsync("/store/orders", new { lines = new[] { new { sku, quantity = 2 } }, paymentToken = "tok_visa" })).JsonAsync(HttpStatusCode.Created);
        var id = Guid.Parse(order.GetProperty("id").GetString()!);
        await (await customer.PostAsJsonAsync($"/store/orders/{id}/returns", new { lines = new[] { new { sku, quantity = 1 } } }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "invalid_transition"); // not delivered yet
        foreach (var step in new[] { "fulfil", "fulfil", "ship", "deliver" }) await (await _orders.ActAsync(id, step, sku)).JsonAsync();

        await (await customer.PostAsJsonAsync($"/store/orders/{id}/returns", new { lines = new[] { new { sku, quantity = 3 } } }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "quantity_exceeds_order");
        var ret = await (await customer.PostAsJsonAsync($"/store/orders/{id}/returns", new { lines = new[] { new { sku, quantity = 1 } }, reason = "too small" })).JsonAsync(HttpStatusCode.Created);
        var stranger = await app.CustomerClientAsync();
        await (await stranger.PostAsJsonAsync($"/store/orders/{id}/returns", new { lines = new[] { new { sku, quantity = 1 } } })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        var onHand = await app.QueryAsync(db => db.StockLevels.Where(l => l.Sku == sku).SumAsync(l => l.OnHand));
        var staff = await _orders.StaffAsync();
        var received = await (await staff.PostAsJsonAsync($"/admin/orders/{id}/returns/{ret.GetProperty("id").GetString()}/receive", new { restock = true })).JsonAsync();
        Assert.Equal("delivered", received.GetProperty("status").GetString());
        Assert.Equal(onHand + 1, await app.QueryAsync(db => db.StockLevels.Where(l => l.Sku == sku).SumAsync(l => l.OnHand)));
        Assert.Equal(1200, await app.QueryAsync(db => db.Payments.Where(p => p.OrderId == id).Select(p => p.Refunded).SingleAsync()));
        Assert.True(await app.QueryAsync(db => db.StockMovements.AnyAsync(m => m.OrderId == id && m.Reason == "refund_restock" && m.Delta == 1)));
        await (await staff.PostAsJsonAsync($"/admin/orders/{id}/returns/{ret.GetProperty("id").GetString()}/receive", new { restock = true }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "return_already_received");
        await Invariants.AssertHoldAsync(app);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OrderReturnTestsOnSqlite(SqliteApp app) : OrderReturnTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OrderReturnTestsOnPostgres(PostgresApp app) : OrderReturnTests(app);
