using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Data;
using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using static EngineRoom.Tests.Analytics.AnalyticsApi;

namespace EngineRoom.Tests.Analytics;

/// <summary>The embedded default's demo tells a story: a dashboard with 30 days on it, and shipping and tax for a few countries.</summary>
public abstract class DemoSeedTests(EngineRoomApp app)
{
    [Fact]
    public async Task The_demo_seed_fills_the_dashboard_and_prices_shipping_and_tax_for_several_countries()
    {
        var staff = await app.AdminClientAsync();
        var now = app.Clock.GetUtcNow();
        var month = $"from={Q(now.AddDays(-30))}&to={Q(now.AddMinutes(1))}";
        var summary = await (await staff.GetAsync($"/admin/analytics/summary?interval=day&{month}")).JsonAsync();
        Assert.True(Total(summary, "orders") > 300, summary.GetProperty("totals").ToString());
        Assert.True(Total(summary, "tax") > 0 && Total(summary, "shipping") > 0);
        Assert.True(summary.GetProperty("points").EnumerateArray().Count(p => p.GetProperty("orders").GetInt64() > 0) >= 28);
        Assert.True((await (await staff.GetAsync($"/admin/analytics/top-products?{month}")).JsonAsync()).GetProperty("items").GetArrayLength() >= 5);
        var funnel = await (await staff.GetAsync($"/admin/analytics/funnel?{month}")).JsonAsync();
        Assert.True(funnel.GetProperty("returningCustomers").GetInt64() > 0 && funnel.GetProperty("newCustomers").GetInt64() > 0);
        Assert.True(funnel.GetProperty("paymentOutcomes").GetArrayLength() >= 2);

        var countries = (await (await staff.GetAsync("/admin/tax-rates")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Select(r => r.GetProperty("country").GetString()).Distinct().ToList();
        Assert.True(countries.Count >= 4, string.Join(", ", countries));

        // A walk-through: Buy Now to Berlin, standard shipping, German VAT (of a best seller still in stock).
        var skus = (await (await staff.GetAsync($"/admin/analytics/top-products?{month}&currency=EUR&limit=30")).JsonAsync()).GetProperty("items")
            .EnumerateArray().Select(i => i.GetProperty("sku").GetString()).ToList();
        JsonElement order = default;
        foreach (var sku in skus)
        {
            var answer = await app.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Post, "/store/orders")
            {
                Content = JsonContent.Create(new
                {
                    lines = new[] { new { sku, quantity = 1 } }, paymentToken = "tok_visa", email = "walkthrough@example.com", currency = "EUR",
                    shippingMethod = "standard",
                    shippingAddress = new { name = "Demo Buyer", line1 = "Unter den Linden 1", city = "Berlin", postalCode = "10117", country = "DE" },
                }),
            });
            if (answer.StatusCode == HttpStatusCode.Conflict) continue; // sold out in the demo's stock
            order = await answer.JsonAsync(HttpStatusCode.Created);
            break;
        }
        Assert.True(order.GetProperty("tax").GetProperty("amount").GetInt64() > 0, order.ToString());
        Assert.True(order.GetProperty("shipping").GetProperty("amount").GetInt64() >= 0);
    }
}

public sealed class DemoSqliteApp : SqliteApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Seed:DemoCatalog", "true");
    }
}

public sealed class DemoPostgresApp : PostgresApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Seed:DemoCatalog", "true");
    }
}

public sealed class DemoSeedTestsOnSqlite(DemoSqliteApp app) : DemoSeedTests(app), IClassFixture<DemoSqliteApp>;

public sealed class DemoSeedTestsOnPostgres(DemoPostgresApp app) : DemoSeedTests(app), IClassFixture<DemoPostgresApp>;
