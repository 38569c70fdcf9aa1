using EngineRoom.Data;
using EngineRoom.Events;
using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Webhooks;

/// <summary>
/// Two instances on one PostgreSQL database, both dispatching the outbox and both sending, under a stream of orders
/// placed through each: every event reaches every endpoint exactly once, by webhook-id.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoInstanceWebhookTests
{
    private sealed class Instance(string connectionString) : EngineRoomApp
    {
        public override DatabaseProvider Provider => DatabaseProvider.Postgres;
        protected override Task<string> PrepareDatabaseAsync() => Task.FromResult(connectionString);

        protected override void UseDatabase(IWebHostBuilder builder)
        {
            builder.UseSetting("Database:Provider", "postgres");
            builder.UseSetting("ConnectionStrings:Postgres", connectionString);
            Hooks.Configure(builder);
        }
    }

    [Fact]
    public async Task Each_event_reaches_each_endpoint_once_with_two_instances_sending()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        await using var a = new Instance(database);
        await a.InitializeAsync();
        await using var b = new Instance(database);
        await b.InitializeAsync();
        await using var first = await WebhookReceiver.StartAsync();
        await using var second = await WebhookReceiver.StartAsync();
        await Hooks.RegisterAsync(a, first.Url, OrderPlaced.Name, OrderPaid.Name);
        await Hooks.RegisterAsync(b, second.Url, OrderPlaced.Name, OrderPaid.Name);
        var sku = await TestCatalog.CreateSkuAsync(a, stock: 1000);

        const int perInstance = 40;
        var dispatching = new CancellationTokenSource();
        // Both instances' outbox loops run all along, as their timers would, while the orders come in.
        var dispatchers = new[] { a, b }.Select(app => Task.Run(async () =>
        {
            while (!dispatching.IsCancellationRequested) { await Hooks.DispatchAsync(app); await Task.Delay(10); }
        })).ToList();
        var orders = await Task.WhenAll(Enumerable.Range(0, perInstance * 2).Select(i => Hooks.BuyNowAsync(i % 2 == 0 ? a : b, sku)));

        const int expected = perInstance * 2 * 2; // orders x (placed, paid), to each receiver
        await Eventually.AssertAsync(() => Task.FromResult(first.All.Count >= expected && second.All.Count >= expected),
            $"{expected} webhooks reach each receiver", TimeSpan.FromSeconds(60));
        dispatching.Cancel();
        await Task.WhenAll(dispatchers);

        foreach (var receiver in new[] { first, second })
        {
            Assert.Equal(expected, receiver.All.Count);
            Assert.All(receiver.Seen, seen => Assert.Equal(1, seen.Value)); // no webhook-id twice
            Assert.All(orders, order => Assert.Equal(2, receiver.Mentioning(order).Count()));
        }
        Assert.Empty(first.Seen.Keys.Intersect(second.Seen.Keys)); // one event to two endpoints: two webhook-ids
        var delivered = await a.QueryAsync(db => db.WebhookDeliveries.CountAsync(d => d.Status == EngineRoom.Webhooks.DeliveryStatus.Delivered && d.Attempts == 1));
        Assert.Equal(expected * 2, delivered);
    }
}
