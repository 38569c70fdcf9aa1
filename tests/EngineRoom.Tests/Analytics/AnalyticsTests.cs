using System.Net;
using System.Net.Http.Json;
using EngineRoom.Analytics;
using EngineRoom.Common;
using EngineRoom.Common.Outbox;
using EngineRoom.Events;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static EngineRoom.Tests.Analytics.AnalyticsApi;

namespace EngineRoom.Tests.Analytics;

/// <summary>
/// Sales reach the rollups through the outbox, once each, and a rebuild from the orders gives the same figures. Each
/// test sells in a currency no other test uses, so its totals are its own.
/// </summary>
public abstract class AnalyticsTests(EngineRoomApp app)
{
    [Fact]
    public async Task A_buy_now_shows_in_the_summary_the_top_products_and_the_funnel()
    {
        const string currency = "CHF";
        var sku = await SkuInAsync(app, currency, price: 2500);
        var before = await SummaryAsync(app, currency);
        var now = app.Clock.GetUtcNow();
        var funnelBefore = await (await app.AdminClientAsync()).GetAsync($"/admin/analytics/funnel?from={Q(now.AddHours(-1))}&to={Q(now.AddHours(1))}").JsonAsync();

        await BuyAsync(app, sku, currency, quantity: 2, email: $"new-{Guid.NewGuid():N}@example.com");
        (await BuyNowAsync(app, sku, currency, token: "tok_chargeDeclined")).StatusCode.ToString(); // a declined attempt, for the funnel
        await CountAsync(app);

        var after = await SummaryAsync(app, currency);
        Assert.Equal(5000, Total(after, "grossSales") - Total(before, "grossSales"));
        Assert.Equal(1, Total(after, "orders") - Total(before, "orders"));
        Assert.Equal(2, Total(after, "units") - Total(before, "units"));
        Assert.Equal(Total(after, "grossSales") - Total(after, "refunds"), Total(after, "netSales"));
        Assert.Equal(Total(after, "grossSales") / Total(after, "orders"), Total(after, "averageOrderValue"));
        Assert.Equal(5, after.GetProperty("points").GetArrayLength()); // every hour the range touches, sold or not
        Assert.Equal(currency, after.GetProperty("currency").GetString());

        var top = await (await app.AdminClientAsync()).GetAsync($"/admin/analytics/top-products?currency={currency}&by=units&limit=100&from={Q(now.AddHours(-1))}&to={Q(now.AddHours(1))}").JsonAsync();
        var item = top.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("sku").GetString() == sku);
        Assert.Equal(5000, item.GetProperty("revenue").GetInt64());
        Assert.Equal(2, item.GetProperty("units").GetInt64());
        Assert.True(item.GetProperty("variantId").GetInt64() > 0);
        Assert.Contains("Gadget", item.GetProperty("name").GetString());

        var funnel = await (await app.AdminClientAsync()).GetAsync($"/admin/analytics/funnel?from={Q(now.AddHours(-1))}&to={Q(now.AddHours(1))}").JsonAsync();
        long Grew(string field) => funnel.GetProperty(field).GetInt64() - funnelBefore.GetProperty(field).GetInt64();
        Assert.True(Grew("orders") >= 1);
        Assert.True(Grew("buyNowAttempts") >= 2);
        Assert.True(Grew("buyNowOrders") >= 1);
        Assert.True(Grew("newCustomers") >= 1);
        Assert.Contains(funnel.GetProperty("paymentOutcomes").EnumerateArray(), p => p.GetProperty("code").GetString() == "approved");
        Assert.Contains(funnel.GetProperty("paymentOutcomes").EnumerateArray(), p => p.GetProperty("code").GetString() != "approved");
    }

    [Fact]
    public async Task A_refund_counts_in_refunds_and_net_when_it_happens_and_a_returning_customer_is_told_apart()
    {
        const string currency = "SEK";
        var sku = await SkuInAsync(app, currency, price: 1000);
        var email = $"again-{Guid.NewGuid():N}@example.com";
        var first = await BuyAsync(app, sku, currency, quantity: 3, email: email);
        await CountAsync(app);
        var before = await SummaryAsync(app, currency);
        var returningBefore = await ReturningAsync();

        await (await (await app.AdminClientAsync()).PostAsJsonAsync($"/admin/orders/{first}/refunds", new { amount = 1200 })).JsonAsync();
        await BuyAsync(app, sku, currency, email: email);
        await CountAsync(app);

        var after = await SummaryAsync(app, currency);
        Assert.Equal(1200, Total(after, "refunds") - Total(before, "refunds"));
        Assert.Equal(1000 - 1200, Total(after, "netSales") - Total(before, "netSales"));
        Assert.Equal(1, await ReturningAsync() - returningBefore);

        async Task<long> ReturningAsync()
        {
            var now = app.Clock.GetUtcNow();
            return (await (await app.AdminClientAsync()).GetAsync($"/admin/analytics/funnel?from={Q(now.AddHours(-1))}&to={Q(now.AddHours(1))}").JsonAsync())
                .GetProperty("returningCustomers").GetInt64();
        }
    }

    [Fact]
    public async Task A_redelivered_outbox_message_is_counted_once()
    {
        const string currency = "NZD";
        var sku = await SkuInAsync(app, currency, price: 700);
        var before = await SummaryAsync(app, currency);
        var order = await BuyAsync(app, sku, currency);
        await CountAsync(app);

        // The dispatcher died after the handler committed, before it marked the message: it is handed over again.
        var message = await app.QueryAsync(db => db.OutboxMessages.AsNoTracking()
            .SingleAsync(m => m.Type == "order.placed" && m.Payload.Contains(order.ToString())));
        await using (var scope = app.Services.CreateAsyncScope())
            foreach (var handler in scope.ServiceProvider.GetServices<IOutboxHandler>().OfType<CountSales>())
            {
                await handler.HandleAsync(message, default);
                await handler.HandleAsync(message, default);
            }

        var after = await SummaryAsync(app, currency);
        Assert.Equal(700, Total(after, "grossSales") - Total(before, "grossSales"));
        Assert.Equal(1, Total(after, "orders") - Total(before, "orders"));
    }

    [Fact]
    public async Task A_batch_mixing_counted_and_new_messages_adds_only_the_new_ones()
    {
        const string currency = "SGD";
        var sku = await SkuInAsync(app, currency, price: 900);
        var before = await SummaryAsync(app, currency);
        var order = await BuyAsync(app, sku, currency);
        await CountAsync(app);
        var placed = await app.QueryAsync(db => db.OutboxMessages.AsNoTracking()
            .SingleAsync(m => m.Type == "order.placed" && m.Payload.Contains(order.ToString())));
        // A refund the dispatcher never saw, in one batch with the placed message it already counted.
        var refund = OutboxMessage.Create(new OrderRefunded(order, new Money(300, currency), new Money(300, currency), [], null,
            app.Clock.GetUtcNow()), app.Clock.GetUtcNow());

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var counter = scope.ServiceProvider.GetServices<IOutboxHandler>().OfType<CountSales>().Single();
            await counter.HandleBatchAsync([placed, refund, placed], default);
            await counter.HandleBatchAsync([refund, placed], default);
        }

        var after = await SummaryAsync(app, currency);
        Assert.Equal(900, Total(after, "grossSales") - Total(before, "grossSales"));
        Assert.Equal(1, Total(after, "orders") - Total(before, "orders"));
        Assert.Equal(300, Total(after, "refunds") - Total(before, "refunds"));
    }

    [Fact]
    public async Task A_rebuild_from_the_orders_and_refunds_gives_the_incremental_figures()
    {
        const string currency = "AUD";
        var sku = await SkuInAsync(app, currency, price: 1234);
        var other = await SkuInAsync(app, currency, price: 99);
        var orders = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            orders.Add(await BuyAsync(app, i % 2 == 0 ? sku : other, currency, quantity: i + 1, email: $"r{i % 3}-{currency}@example.com"));
            app.Clock.Advance(TimeSpan.FromMinutes(7)); // across minutes and an hour boundary
        }
        var staff = await app.AdminClientAsync();
        await (await staff.PostAsJsonAsync($"/admin/orders/{orders[0]}/refunds", new { amount = 500 })).JsonAsync();
        await (await staff.PostAsJsonAsync($"/admin/orders/{orders[1]}/cancel", new { })).JsonAsync();
        await CountAsync(app);
        var incremental = await RowsAsync();

        await (await staff.PostAsync("/admin/analytics/rebuild", null)).JsonAsync();
        var rebuilt = await RowsAsync();

        Assert.NotEmpty(incremental.Sales);
        Assert.Equal(incremental.Sales, rebuilt.Sales);
        Assert.Equal(incremental.Products, rebuilt.Products);
        Assert.NotEmpty(incremental.Days);
        Assert.Equal(incremental.Days, rebuilt.Days);
        Assert.Equal(incremental.Customers, rebuilt.Customers);
    }

    private Task<(List<string> Sales, List<string> Products, List<string> Days, List<string> Customers)> RowsAsync() => app.QueryAsync(async db =>
    {
        var sales = await db.SalesRollups.AsNoTracking().Where(s => s.Currency == "AUD").ToListAsync();
        var products = await db.ProductRollups.AsNoTracking().Where(p => p.Currency == "AUD").ToListAsync();
        var days = await db.DailyProductRollups.AsNoTracking().Where(p => p.Currency == "AUD").ToListAsync();
        var customers = await db.FunnelCounts.AsNoTracking().Where(f => f.Metric == "new_customers" || f.Metric == "returning_customers" || f.Metric == "orders").ToListAsync();
        return (sales.Select(s => $"{s.Grain} {s.Start:O} {s.GrossSales} {s.Refunds} {s.Orders} {s.Units} {s.Discounts} {s.Shipping} {s.Tax}").Order().ToList(),
            products.Select(p => $"{p.Start:O} {p.Sku} {p.Revenue} {p.Units} {p.Name}").Order().ToList(),
            days.Select(p => $"{p.Start:O} {p.Sku} {p.Revenue} {p.Units} {p.Name}").Order().ToList(),
            customers.Select(f => $"{f.Start:O} {f.Metric} {f.Count}").Order().ToList());
    });
}

[Collection(SqliteCollection.Name)]
public sealed class AnalyticsTestsOnSqlite(SqliteApp app) : AnalyticsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AnalyticsTestsOnPostgres(PostgresApp app) : AnalyticsTests(app);
