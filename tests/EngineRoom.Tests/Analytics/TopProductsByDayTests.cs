using System.Text.Json;
using EngineRoom.Analytics;
using EngineRoom.Orders;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static EngineRoom.Tests.Analytics.AnalyticsApi;

namespace EngineRoom.Tests.Analytics;

/// <summary>
/// Top products read the range's whole days from the daily rollup and only its edge hours from the hourly one: the
/// answer must be the hours' sums exactly. Three days of orders in a currency no other test uses are written through
/// the writer the outbox handler and the rebuild use, ten days back so no other test's range sees them.
/// </summary>
public abstract class TopProductsByDayTests(EngineRoomApp app)
{
    private const string Currency = "PLN";

    [Fact]
    public async Task The_daily_rollup_gives_the_top_products_of_the_hours()
    {
        var day = Tally.Truncate(app.Clock.GetUtcNow(), Grain.Day).AddDays(-10);
        var tally = new Tally();
        for (var hour = 0; hour < 72; hour += 1 + hour % 4) // uneven: some hours empty
            tally.AddOrder(Order(day.AddHours(hour).AddMinutes(17 + hour % 40), hour));
        tally.SalesRows.Clear(); // only the product rows: orders that are not in the orders table must not reach the shared funnel
        tally.FunnelRows.Clear();
        await app.QueryAsync(async db => { await BulkRollups.ExecuteAsync(db, RollupWriter.Statements(tally), default); return 0; });

        // The daily rows are their hours' sums.
        var (hours, days) = await app.QueryAsync(async db => (
            await db.ProductRollups.AsNoTracking().Where(p => p.Currency == Currency).ToListAsync(),
            await db.DailyProductRollups.AsNoTracking().Where(p => p.Currency == Currency).ToListAsync()));
        Assert.True(days.Count > 3 && days.Count < hours.Count);
        Assert.Equal(hours.GroupBy(h => (Tally.Truncate(h.Start, Grain.Day), h.Sku)).Select(g => $"{g.Key.Item1:O} {g.Key.Sku} {g.Sum(h => h.Revenue)} {g.Sum(h => h.Units)}").Order(),
            days.Select(d => $"{d.Start:O} {d.Sku} {d.Revenue} {d.Units}").Order());

        // Ranges with edge hours on both sides, whole days only, within one day, and across one midnight only.
        foreach (var (from, to) in new[] { (day.AddHours(7), day.AddHours(61)), (day, day.AddDays(3)), (day.AddHours(3), day.AddHours(20)),
                     (day.AddHours(20), day.AddHours(30)), (day.AddDays(-1), day.AddDays(1).AddHours(1)) })
            foreach (var by in new[] { "revenue", "units" })
            {
                var expected = hours.Where(h => h.Start >= from && h.Start < to).GroupBy(h => h.Sku)
                    .Select(g => (Sku: g.Key, Revenue: g.Sum(h => h.Revenue), Units: g.Sum(h => h.Units)))
                    .OrderByDescending(t => by == "units" ? t.Units : t.Revenue).ThenByDescending(t => by == "units" ? t.Revenue : t.Units).ThenBy(t => t.Sku)
                    .Select(t => $"{t.Sku} {t.Revenue} {t.Units}").ToList();
                var top = await (await app.AdminClientAsync())
                    .GetAsync($"/admin/analytics/top-products?currency={Currency}&by={by}&limit=100&from={Q(from)}&to={Q(to)}").JsonAsync();
                Assert.Equal(expected, top.GetProperty("items").EnumerateArray().Select(Line).ToList());
            }
    }

    private static string Line(JsonElement item) =>
        $"{item.GetProperty("sku").GetString()} {item.GetProperty("revenue").GetInt64()} {item.GetProperty("units").GetInt64()}";

    private static PlacedOrder Order(DateTimeOffset at, int seed)
    {
        var lines = Enumerable.Range(0, 1 + seed % 3).Select(i => (seed * 7 + i * 3) % 4)
            .Select(s => new SoldLine($"DAY-{Currency}-{s}", 900_000 + s, $"Day product {s}", null, 1 + (seed + s) % 5, 100L * (s + 1) * (1 + seed % 7)))
            .ToList();
        return new PlacedOrder(Guid.CreateVersion7(at), null, "daily@example.com", Currency, 0, 0, 0, lines.Sum(l => l.Total), at, null, lines);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class TopProductsByDayTestsOnSqlite(SqliteApp app) : TopProductsByDayTests(app);

[Collection(PostgresCollection.Name)]
public sealed class TopProductsByDayTestsOnPostgres(PostgresApp app) : TopProductsByDayTests(app);
