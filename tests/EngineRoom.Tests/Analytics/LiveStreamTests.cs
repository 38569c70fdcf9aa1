using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Threading.Channels;
using EngineRoom.Data;
using EngineRoom.Tests.Infrastructure;
using Xunit.Abstractions;
using static EngineRoom.Tests.Analytics.AnalyticsApi;

namespace EngineRoom.Tests.Analytics;

/// <summary>
/// A sale on one instance is on the live stream of another within 1 s (p95) of its 201: instances share nothing but
/// the database. Measured with one instance and with two, on the real clock; the figures are printed.
/// </summary>
public abstract class LiveStreamTests(DatabaseProvider provider, ITestOutputHelper output)
{
    private const int Sales = 20;

    [Fact]
    public async Task A_sale_on_instance_A_is_on_instance_B_s_stream_within_a_second()
    {
        var database = await LiveApp.NewDatabaseAsync(provider);
        await using var a = await LiveApp.StartAsync(provider, database);
        await using var b = await LiveApp.StartAsync(provider, database);
        var sku = await SkuInAsync(a, "USD", price: 1500, stock: 1000);

        var one = await MeasureAsync(a, a, sku, 0);
        var two = await MeasureAsync(a, b, sku, Sales);
        output.WriteLine($"{provider} sale-to-stream lag, one instance: p50 {P(one, 50):F0} ms, p95 {P(one, 95):F0} ms, max {one.Max():F0} ms");
        output.WriteLine($"{provider} sale-to-stream lag, two instances: p50 {P(two, 50):F0} ms, p95 {P(two, 95):F0} ms, max {two.Max():F0} ms");
        Assert.True(P(one, 95) < 1000, $"p95 {P(one, 95)} ms on one instance");
        Assert.True(P(two, 95) < 1000, $"p95 {P(two, 95)} ms across instances");
    }

    /// <summary>Sells on <paramref name="seller"/> one at a time and times each 201 to the change on <paramref name="watcher"/>'s stream.</summary>
    private static async Task<List<double>> MeasureAsync(EngineRoomApp seller, EngineRoomApp watcher, string sku, long soldBefore)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var events = Channel.CreateUnbounded<(string Type, JsonElement Data, long At)>();
        var client = await watcher.AdminClientAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/admin/analytics/live?currency=USD") { Headers = { { "Accept", "text/event-stream" } } };
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
        var reader = Task.Run(async () =>
        {
            await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync(stop.Token)).EnumerateAsync(stop.Token))
                await events.Writer.WriteAsync((item.EventType, JsonDocument.Parse(item.Data).RootElement.Clone(), Stopwatch.GetTimestamp()), stop.Token);
        }, stop.Token);

        var snapshot = await events.Reader.ReadAsync(stop.Token);
        Assert.Equal("snapshot", snapshot.Type);
        Assert.Equal(soldBefore, snapshot.Data.GetProperty("today").GetProperty("orders").GetInt64());
        var lags = new List<double>();
        for (var i = 1; i <= Sales; i++)
        {
            var id = await BuyAsync(seller, sku, "USD", email: $"live{i}@example.com");
            var answered = Stopwatch.GetTimestamp();
            while (true)
            {
                var (type, data, at) = await events.Reader.ReadAsync(stop.Token);
                if (type != "change" || data.GetProperty("today").GetProperty("orders").GetInt64() < soldBefore + i) continue;
                Assert.Equal(id, data.GetProperty("recentOrders")[0].GetProperty("orderId").GetGuid());
                lags.Add(Math.Max(0, Stopwatch.GetElapsedTime(answered, at).TotalMilliseconds));
                break;
            }
        }
        await stop.CancelAsync();
        try { await reader; } catch (OperationCanceledException) { }
        return lags;
    }

    private static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }
}

public sealed class LiveStreamTestsOnSqlite(ITestOutputHelper output) : LiveStreamTests(DatabaseProvider.Sqlite, output);

public sealed class LiveStreamTestsOnPostgres(ITestOutputHelper output) : LiveStreamTests(DatabaseProvider.Postgres, output);
