using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Checkout;
using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EngineRoom.Tests.Faults;

/// <summary>
/// The line between the server and PostgreSQL is cut while buyers are checking out (the shared test cluster keeps
/// running; only this app's own proxy breaks). Careful clients retry with the same Idempotency-Key until answered.
/// </summary>
public sealed class DatabaseCutTests(DatabaseCutTests.ProxiedPostgresApp app) : IClassFixture<DatabaseCutTests.ProxiedPostgresApp>
{
    private const int Buyers = 24, Stock = 100_000;

    [Fact]
    public async Task Buyers_retrying_with_their_keys_through_a_database_cut_lose_no_order_and_pay_once()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: Stock);
        var answered = new ConcurrentDictionary<string, string>(); // key -> order id answered 2xx
        var statuses = new ConcurrentBag<string>();
        var cutEnded = new TaskCompletionSource();

        // Each buyer buys again and again until the cut is over, retrying each purchase with its key until answered.
        var buyers = Enumerable.Range(0, Buyers).Select(i => Task.Run(async () =>
        {
            var client = app.CreateClient();
            while (!cutEnded.Task.IsCompleted)
            {
                var key = $"cut-{i}-{Guid.NewGuid():N}";
                var deadline = DateTime.UtcNow.AddSeconds(60);
                for (var answer = ""; !answer.StartsWith("201"); )
                {
                    if (DateTime.UtcNow > deadline) Assert.Fail($"Buyer {i} got no answer within 60 s; the last: {answer}");
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/store/orders")
                    {
                        Content = JsonContent.Create(new { lines = new[] { new { sku, quantity = 1 } }, paymentToken = "tok_visa", email = $"cut{i}@example.com" }),
                    };
                    request.Headers.Add("Idempotency-Key", key);
                    using var response = await client.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    answer = $"{(int)response.StatusCode} {body}";
                    var code = body.Length > 0 ? JsonDocument.Parse(body).RootElement.TryGetProperty("code", out var c) ? c.GetString() : null : null;
                    statuses.Add($"{(int)response.StatusCode} {code} {response.Headers.RetryAfter}");
                    if (response.IsSuccessStatusCode) answered[key] = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
                    // Not an answer yet (the database away, or the key still in progress): retry shortly, at once when the line is back.
                    else await Task.WhenAny(cutEnded.Task, Task.Delay(200));
                }
            }
        })).ToList();

        await Eventually.AssertAsync(() => Task.FromResult(answered.Count >= 5), "the first orders before the cut", TimeSpan.FromSeconds(30));
        app.Proxy.Cut(CutMode.Reset);
        await Eventually.AssertAsync(async () => (await app.CreateClient().GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable,
            "/health/ready answering 503 while the database is cut off");
        await Task.Delay(TimeSpan.FromSeconds(2)); // the outage itself
        app.Proxy.Restore();
        cutEnded.SetResult();
        await Eventually.AssertAsync(async () => (await app.CreateClient().GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
            "/health/ready answering 200 once the database is back");
        // A checkout the cut caught between its hold and its record keeps its key in progress until the recovery job
        // resolves it, as after a crash: the job's clock moves on while the buyers retry, as the real one would.
        var allBought = Task.WhenAll(buyers);
        while (!allBought.IsCompleted)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(3));
            await Task.WhenAny(allBought, Task.Delay(TimeSpan.FromSeconds(1)));
        }
        await allBought;

        // Checkouts the cut left in flight are resolved by the recovery job after its cutoff.
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await Eventually.AssertAsync(() => app.QueryAsync(db => db.CheckoutAttempts.AllAsync(a =>
            a.Status != AttemptStatus.Authorizing && a.Status != AttemptStatus.Recovering)), "no checkout left in flight", TimeSpan.FromSeconds(30));

        // A database outage is a 503 the client may retry, never a 500.
        Assert.DoesNotContain(statuses, s => s.StartsWith("500"));
        Assert.Contains(statuses, s => s == "503 database_unavailable 1");
        var orders = await app.QueryAsync(db => db.OrderLines.Where(l => l.Sku == sku).Select(l => l.OrderId.ToString()).ToListAsync());
        Assert.All(answered.Values, id => Assert.Contains(id, orders));
        Assert.Equal(answered.Count, orders.Count);
        var level = await app.QueryAsync(db => db.StockLevels.AsNoTracking().SingleAsync(l => l.Sku == sku));
        Assert.Equal((Stock - orders.Count, 0L), (level.OnHand, level.Reserved)); // sold what was answered; nothing still held
        var keys = (await app.QueryAsync(db => db.CheckoutAttempts.Select(a => a.Id).ToListAsync())).Select(id => $"checkout-{id:N}").ToHashSet();
        var kept = app.Sandbox.All().Where(c => keys.Contains(c.IdempotencyKey) && c.Captured - c.Refunded > 0).Select(c => c.Id).ToList();
        var paid = await app.QueryAsync(db => db.Payments.Select(p => p.ProviderPaymentId).ToListAsync());
        Assert.Equal(paid.Order(), kept.Order()); // one kept charge per order, none without one
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Readiness_answers_503_promptly_while_the_database_does_not_answer_at_all()
    {
        var client = app.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        app.Proxy.Cut(CutMode.Blackhole); // connections open but nothing comes back, as in a network partition
        try
        {
            var timer = System.Diagnostics.Stopwatch.StartNew();
            var ready = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.True(timer.Elapsed < TimeSpan.FromSeconds(6), $"/health/ready took {timer.Elapsed.TotalSeconds:F1} s to answer");
        }
        finally { app.Proxy.Restore(); }
        await Eventually.AssertAsync(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
            "/health/ready answering 200 once the partition heals");
    }

    /// <summary>A server of its own on a fresh database of the shared cluster, reaching it through a <see cref="FaultProxy"/>.</summary>
    public sealed class ProxiedPostgresApp : EngineRoomApp
    {
        private string? _connectionString;
        public FaultProxy Proxy { get; private set; } = null!;
        public override EngineRoom.Data.DatabaseProvider Provider => EngineRoom.Data.DatabaseProvider.Postgres;

        protected override async Task<string> PrepareDatabaseAsync()
        {
            var direct = new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync());
            Proxy = new FaultProxy(direct.Host!, direct.Port);
            return _connectionString = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Port = Proxy.Port }.ConnectionString;
        }

        protected override void UseDatabase(IWebHostBuilder builder)
        {
            builder.UseSetting("Database:Provider", "postgres");
            builder.UseSetting("ConnectionStrings:Postgres", _connectionString);
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            await Proxy.DisposeAsync();
        }
    }
}
