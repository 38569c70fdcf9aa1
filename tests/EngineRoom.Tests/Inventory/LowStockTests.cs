using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Events;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Inventory;

/// <summary>inventory.low goes out once each time available stock falls to or below the threshold, in the change's transaction.</summary>
public abstract class LowStockTests(EngineRoomApp app)
{
    // The figures only: when each alert was raised is not what these tests are about.
    private Task<List<(string Sku, long Available, int Threshold)>> EventsAsync(string sku) => app.QueryAsync(async db =>
        (await db.OutboxMessages.AsNoTracking().Where(m => m.Type == InventoryLow.Name && m.Payload.Contains(sku)).ToListAsync())
        .Select(m => JsonSerializer.Deserialize<InventoryLow>(m.Payload, IntegrationEvents.Json)!).Select(e => (e.Sku, e.Available, e.Threshold)).ToList());

    private Task<HttpResponseMessage> BuyAsync(string sku, int quantity) => app.CreateClient().PostAsJsonAsync("/store/orders",
        new { lines = new[] { new { sku, quantity } }, email = "low-stock@example.com", paymentToken = "tok_visa" });

    // Made with a staff client of its own rather than TestCatalog's long-lived admin one, whose token other tests'
    // clock moves may have expired.
    private async Task<(HttpClient Staff, string Sku)> SkuAsync(long stock, int threshold)
    {
        var staff = await app.StaffClientAsync();
        var sku = TestCatalog.NewSku();
        await staff.PostAsJsonAsync("/admin/products", new
        {
            slug = sku.ToLowerInvariant(), name = $"Product {sku}", published = true,
            variants = new[] { new { sku, prices = new[] { new { amount = 1000, currency = "USD" } } } },
        }).JsonAsync(HttpStatusCode.Created);
        await Adjust(staff, sku, stock).JsonAsync();
        await staff.PatchAsJsonAsync($"/admin/inventory/{sku}", new { lowStockThreshold = threshold }).JsonAsync();
        return (staff, sku);
    }

    private static Task<HttpResponseMessage> Adjust(HttpClient staff, string sku, long delta) =>
        staff.PostAsJsonAsync($"/admin/inventory/{sku}/adjustments", new { delta, reason = delta > 0 ? "received" : "damaged" });

    private static Task<HttpResponseMessage> Count(HttpClient staff, string sku, long onHand) =>
        staff.PutAsJsonAsync($"/admin/inventory/{sku}/stock", new { onHand, reason = "correction" });

    [Fact]
    public async Task A_sale_that_crosses_the_threshold_raises_one_event_until_a_restock_rearms_it()
    {
        var (staff, sku) = await SkuAsync(stock: 10, threshold: 5);
        await BuyAsync(sku, 4).JsonAsync(HttpStatusCode.Created); // 6 left: above
        Assert.Empty(await EventsAsync(sku));

        await BuyAsync(sku, 1).JsonAsync(HttpStatusCode.Created); // 5 left: at the threshold
        Assert.Equal([(sku, 5, 5)], await EventsAsync(sku));
        await BuyAsync(sku, 1).JsonAsync(HttpStatusCode.Created); // 4 left: still low, no second event
        Assert.Single(await EventsAsync(sku));

        await Adjust(staff, sku, 10).JsonAsync(); // 14: above again, re-armed
        await BuyAsync(sku, 8).JsonAsync(HttpStatusCode.Created); // 6: above
        Assert.Single(await EventsAsync(sku));
        await BuyAsync(sku, 2).JsonAsync(HttpStatusCode.Created); // 4: a new crossing
        Assert.Equal([(sku, 5, 5), (sku, 4, 5)], (await EventsAsync(sku)).OrderByDescending(e => e.Available));
    }

    [Fact]
    public async Task Staff_adjustments_and_counts_raise_it_too()
    {
        var (staff, sku) = await SkuAsync(stock: 10, threshold: 3);
        await Adjust(staff, sku, -7).JsonAsync(); // 3
        Assert.Equal([(sku, 3, 3)], await EventsAsync(sku));
        await Adjust(staff, sku, -1).JsonAsync(); // 2: still low
        await Count(staff, sku, 1).JsonAsync(); // 1: still low
        Assert.Single(await EventsAsync(sku));

        await Count(staff, sku, 20).JsonAsync(); // re-armed
        await Count(staff, sku, 2).JsonAsync();
        Assert.Equal(2, (await EventsAsync(sku)).Count);
        await Adjust(staff, sku, -3).AssertProblemAsync(HttpStatusCode.Conflict, "insufficient_stock"); // refused: nothing
        Assert.Equal(2, (await EventsAsync(sku)).Count);
    }

    [Fact]
    public async Task Setting_a_threshold_above_current_stock_is_not_a_crossing()
    {
        var (staff, sku) = await SkuAsync(stock: 2, threshold: 5);
        await BuyAsync(sku, 1).JsonAsync(HttpStatusCode.Created);
        Assert.Empty(await EventsAsync(sku));
        await Adjust(staff, sku, 10).JsonAsync(); // 11
        await BuyAsync(sku, 6).JsonAsync(HttpStatusCode.Created); // 5
        Assert.Equal([(sku, 5, 5)], await EventsAsync(sku));
    }

    [Fact]
    public async Task Concurrent_sales_across_the_threshold_raise_exactly_one_event()
    {
        var (_, sku) = await SkuAsync(stock: 12, threshold: 5);
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => BuyAsync(sku, 1)));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        var low = Assert.Single(await EventsAsync(sku));
        Assert.True(low.Available is <= 5 and >= 2, $"available {low.Available}");
        await Invariants.AssertHoldAsync(app);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LowStockTestsOnSqlite(SqliteApp app) : LowStockTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LowStockTestsOnPostgres(PostgresApp app) : LowStockTests(app);
