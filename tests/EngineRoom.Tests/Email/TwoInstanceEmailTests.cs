using EngineRoom.Common.Outbox;
using EngineRoom.Data;
using EngineRoom.Email;
using EngineRoom.Events;
using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EngineRoom.Tests.Email;

/// <summary>
/// Two instances on one PostgreSQL database, sending to one SMTP server: the same order.placed handed to both instances'
/// order mail ten times at once, while both senders run, reaches the customer once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoInstanceEmailTests
{
    private sealed class Instance(string connectionString, int smtpPort) : EngineRoomApp
    {
        public override DatabaseProvider Provider => DatabaseProvider.Postgres;
        protected override Task<string> PrepareDatabaseAsync() => Task.FromResult(connectionString);

        protected override void UseDatabase(IWebHostBuilder builder)
        {
            builder.UseSetting("Database:Provider", "postgres");
            builder.UseSetting("ConnectionStrings:Postgres", connectionString);
            SmtpSink.Configure(builder, smtpPort);
        }
    }

    [Fact]
    public async Task Ten_concurrent_dispatches_of_one_event_through_two_instances_send_one_email()
    {
        await using var sink = SmtpSink.Start();
        var database = await PostgresServer.CreateDatabaseAsync();
        await using var a = new Instance(database, sink.Port);
        await a.InitializeAsync();
        await using var b = new Instance(database, sink.Port);
        await b.InitializeAsync();

        for (var round = 0; round < 3; round++)
        {
            var (orderId, email) = await Mail.BuyNowAsync(round % 2 == 0 ? a : b);
            var message = (await a.QueryAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Type == OrderPlaced.Name).ToListAsync()))
                .Single(m => m.Payload.Contains(orderId.ToString()));

            var handing = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
            {
                await using var scope = (i % 2 == 0 ? a : b).Services.CreateAsyncScope();
                await scope.ServiceProvider.GetServices<IOutboxHandler>().OfType<OrderMail>().Single().HandleAsync(message, default);
            }));
            var sending = Enumerable.Range(0, 4).Select(i => Task.Run(() => Mail.SendAsync(i % 2 == 0 ? a : b)));
            await Task.WhenAll(handing.Concat(sending));
            await Task.WhenAll(Mail.DeliverAsync(a), Mail.DeliverAsync(b)); // the outbox's own hand-over on both, then what is left

            Assert.Single(sink.To(email), m => m.Subject.Contains("is confirmed"));
            Assert.Single(sink.To(email), m => m.Subject.Contains("Payment received"));
            var stored = await Mail.StoredAsync(a, email);
            Assert.Equal(2, stored.Count);
            Assert.All(stored, m => Assert.Equal((EmailStatus.Sent, 1), (m.Status, m.Attempts)));
        }
    }
}
