using System.Net;
using System.Net.Http.Json;
using EngineRoom.Common.Outbox;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EngineRoom.Tests.Outbox;

public abstract class OutboxDispatcherTests(EngineRoomApp app)
{
    private OutboxDispatcher Dispatcher => app.Services.GetRequiredService<OutboxDispatcher>();

    private async Task<List<Guid>> PlaceOrdersAsync(int count)
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: count);
        var since = app.Clock.GetUtcNow();
        var answers = await Task.WhenAll(Enumerable.Range(0, count).Select(i => app.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Post, "/store/orders")
        {
            Content = JsonContent.Create(new { lines = new[] { new { sku, quantity = 1 } }, paymentToken = "tok_visa", email = $"outbox{i}-{sku}@example.com" }),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        })));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        var orderIds = new List<string>();
        foreach (var a in answers) orderIds.Add((await a.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!);
        var messages = await app.QueryAsync(db => db.OutboxMessages.Where(m => m.OccurredAt >= since).Select(m => new { m.Id, m.Payload }).ToListAsync());
        return messages.Where(m => orderIds.Any(m.Payload.Contains)).Select(m => m.Id).ToList();
    }

    [Fact]
    public async Task Three_dispatchers_at_once_deliver_each_message_of_thirty_orders_exactly_once()
    {
        var ours = await PlaceOrdersAsync(30);
        Assert.Equal(60, ours.Count); // order.placed and order.paid

        // Three instances running the same loop at the same moment.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(async () => { while (await Dispatcher.DispatchAsync(default) > 0) { } })));
        // The outbox's wake on commit may have claimed a batch meanwhile: let it finish.
        await Eventually.AssertAsync(async () => await app.QueryAsync(db => db.OutboxMessages.CountAsync(m => ours.Contains(m.Id) && m.DispatchedAt == null)) == 0, "every message dispatched");

        Assert.All(ours, id => Assert.Equal(1, app.Outbox.Deliveries.GetValueOrDefault(id)));
        var left = await app.QueryAsync(db => db.OutboxMessages.CountAsync(m => ours.Contains(m.Id) && m.DispatchedAt == null));
        Assert.Equal(0, left);
    }

    [Fact]
    public async Task A_message_whose_handler_fails_is_delivered_again_once_its_lease_ends()
    {
        var ours = await PlaceOrdersAsync(1);
        var failing = ours[0];
        app.Outbox.FailOnce[failing] = true;
        while (await Dispatcher.DispatchAsync(default) > 0) { }
        await Eventually.AssertAsync(() => Task.FromResult(app.Outbox.Deliveries.ContainsKey(failing)), "the first attempt (here or by the wake on commit)");
        Assert.Equal(1, app.Outbox.Deliveries[failing]);
        Assert.Null(await app.QueryAsync(db => db.OutboxMessages.Where(m => m.Id == failing).Select(m => m.DispatchedAt).SingleAsync()));

        await Dispatcher.DispatchAsync(default); // still leased: not taken again
        Assert.Equal(1, app.Outbox.Deliveries[failing]);

        app.Clock.Advance(TimeSpan.FromSeconds(31)); // the background loop may take it now too: one of them does
        await Dispatcher.DispatchAsync(default);
        await Eventually.AssertAsync(async () => await app.QueryAsync(db =>
            db.OutboxMessages.Where(m => m.Id == failing).Select(m => m.DispatchedAt).SingleAsync()) is not null, "the message is dispatched");
        Assert.Equal(2, app.Outbox.Deliveries[failing]);
        Assert.Equal(2, await app.QueryAsync(db => db.OutboxMessages.Where(m => m.Id == failing).Select(m => m.Attempts).SingleAsync()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OutboxDispatcherTestsOnSqlite(SqliteApp app) : OutboxDispatcherTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OutboxDispatcherTestsOnPostgres(PostgresApp app) : OutboxDispatcherTests(app);
