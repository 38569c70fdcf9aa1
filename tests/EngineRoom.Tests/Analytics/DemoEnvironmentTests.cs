using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Analytics;

/// <summary>
/// The demo history (30 days of orders, their rollups) and the demo shipping methods and tax rates are the embedded
/// default's, on SQLite: written in Development, never in Production, even with the demo catalog asked for.
/// </summary>
public sealed class DemoEnvironmentTests
{
    [Fact]
    public async Task Production_on_sqlite_gets_no_demo_history_shipping_or_tax()
    {
        await using var app = new DemoEnvironmentApp("Production");
        await app.InitializeAsync();
        var (orders, sales, shipping, tax) = await CountsAsync(app);
        Assert.Equal((0, 0, 0, 0), (orders, sales, shipping, tax));
    }

    [Fact]
    public async Task Development_on_sqlite_gets_them()
    {
        await using var app = new DemoEnvironmentApp("Development");
        await app.InitializeAsync();
        var (orders, sales, shipping, tax) = await CountsAsync(app);
        Assert.True(orders > 300 && sales > 0 && shipping > 0 && tax > 0, $"{orders} orders, {sales} sales rows, {shipping} shipping methods, {tax} tax rates");
    }

    private static Task<(int, int, int, int)> CountsAsync(EngineRoomApp app) => app.QueryAsync(async db => (
        await db.Orders.CountAsync(), await db.SalesRollups.CountAsync(), await db.ShippingMethods.CountAsync(), await db.TaxRates.CountAsync()));

    private sealed class DemoEnvironmentApp(string environment) : SqliteApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
            builder.UseSetting("Seed:DemoCatalog", "true"); // the embedded default's (on for SQLite; the tests turn it off)
        }
    }
}
