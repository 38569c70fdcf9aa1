using System.Net;
using System.Net.Http.Json;
using EngineRoom.Payments;
using EngineRoom.Payments.Sandbox;
using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EngineRoom.Tests.Checkout;

/// <summary>Checkout's admission line: a bounded number run, a bounded number wait, the rest are told to retry.</summary>
public abstract class CheckoutAdmissionTests(EngineRoomApp app)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Beyond_the_running_and_waiting_checkouts_a_buyer_gets_503_checkout_busy_and_nothing_is_held()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 10);
        var paused = new PausedStockCheck(sku);
        using var server = app.WithWebHostBuilder(b => b
            .UseSetting("Checkout:MaxConcurrent", "1").UseSetting("Checkout:MaxQueued", "1")
            .ConfigureTestServices(s => s.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(paused)));
        var client = server.CreateClient();
        var run = Guid.NewGuid().ToString("N");
        Task<HttpResponseMessage> BuyAsync(string buyer) => client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/store/orders")
        {
            Content = JsonContent.Create(new { lines = new[] { new { sku, quantity = 1 } }, paymentToken = "tok_visa", email = $"{buyer}-{run}@example.com" }),
            Headers = { { "Idempotency-Key", $"{buyer}-{run}" } },
        });

        var running = BuyAsync("first");
        await paused.Entered.Task.WaitAsync(Timeout); // the first holds the only place, paused in its stock check
        // Two more arrive; the line has room for one of them, whichever comes first.
        var late = new Dictionary<Task<HttpResponseMessage>, string> { [BuyAsync("second")] = "second", [BuyAsync("third")] = "third" };
        var turnedAwayTask = await Task.WhenAny(late.Keys).WaitAsync(Timeout);
        var turnedAway = await turnedAwayTask;
        var problem = await turnedAway.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "checkout_busy");
        Assert.Equal("1", turnedAway.Headers.RetryAfter?.ToString());
        Assert.NotNull(problem.GetProperty("detail").GetString());
        var waiting = late.Keys.Single(t => t != turnedAwayTask);
        Assert.False(waiting.IsCompleted);

        paused.Release.SetResult();
        Assert.Equal(HttpStatusCode.Created, (await running.WaitAsync(Timeout)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await waiting.WaitAsync(Timeout)).StatusCode);
        // The one turned away changed nothing: no stock held for it, and its key is free for the retry.
        var held = await app.QueryAsync(db => db.StockLevels.AsNoTracking().Where(l => l.Sku == sku).Select(l => new { l.OnHand, l.Reserved }).SingleAsync());
        Assert.Equal((8L, 0L), (held.OnHand, held.Reserved));
        Assert.Equal(HttpStatusCode.Created, (await BuyAsync(late[turnedAwayTask]).WaitAsync(Timeout)).StatusCode);
    }

    [Fact]
    public async Task A_checkout_waiting_for_the_payment_provider_holds_no_place_in_the_line()
    {
        var skus = new[] { await TestCatalog.CreateSkuAsync(app, stock: 10), await TestCatalog.CreateSkuAsync(app, stock: 10) };
        var payments = new HeldPayments();
        using var server = app.WithWebHostBuilder(b => b
            .UseSetting("Checkout:MaxConcurrent", "1").UseSetting("Checkout:MaxQueued", "0")
            .ConfigureTestServices(s =>
            {
                s.AddSingleton<SandboxPaymentProvider>();
                s.AddSingleton<IPaymentProvider>(sp => payments.Around(sp.GetRequiredService<SandboxPaymentProvider>()));
            }));
        var client = server.CreateClient();
        Task<HttpResponseMessage> BuyAsync(string sku) => client.PostAsJsonAsync("/store/orders",
            new { lines = new[] { new { sku, quantity = 1 } }, paymentToken = "tok_visa", email = $"provider-wait-{Guid.NewGuid():N}@example.com" });

        var waiting = BuyAsync(skus[0]);
        await payments.Entered.Task.WaitAsync(Timeout); // paused inside the payment, its stock held
        payments.PauseOnlyFirst();
        // The only place is free again: a second buyer prices, holds, pays and records while the first still waits.
        Assert.Equal(HttpStatusCode.Created, (await BuyAsync(skus[1]).WaitAsync(Timeout)).StatusCode);
        Assert.False(waiting.IsCompleted);
        payments.Release.SetResult();
        Assert.Equal(HttpStatusCode.Created, (await waiting.WaitAsync(Timeout)).StatusCode);
    }

    /// <summary>Pauses the stock check of one SKU's first checkout until released, holding that checkout's place in the line.</summary>
    /// <summary>Pauses the first checkout's stock check (plain SQL through SqlBatch, which tells its observers before it sends).</summary>
    private sealed class PausedStockCheck(string sku) : Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, EngineRoom.Data.ISqlObserver
    {
        public readonly TaskCompletionSource Entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Sent(System.Data.Common.DbTransaction? transaction, IReadOnlyList<EngineRoom.Data.SqlBatch.Statement> statements)
        {
            // The observer is synchronous: this request's thread waits here, as the database would make it wait.
            if (statements.Any(s => s.Sql.Contains("inventory_stock_levels", StringComparison.Ordinal) && s.Sql.Contains("GROUP BY", StringComparison.Ordinal)
                    && s.Values.Contains(sku)) && Entered.TrySetResult())
                Release.Task.Wait(TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>Pauses the first authorization until released, so the test can fill the line deterministically.</summary>
    private sealed class HeldPayments
    {
        public readonly TaskCompletionSource Entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private int _pausing = int.MaxValue;

        public IPaymentProvider Around(IPaymentProvider inner) => new Paused(inner, this);

        /// <summary>From now on, authorizations go straight through (the first stays paused).</summary>
        public void PauseOnlyFirst() => _pausing = 0;

        private sealed class Paused(IPaymentProvider inner, HeldPayments held) : IPaymentProvider
        {
            public string Name => inner.Name;

            public async Task<PaymentResult> AuthorizeAsync(AuthorizeRequest request, CancellationToken ct)
            {
                if (held._pausing > 0)
                {
                    held.Entered.TrySetResult();
                    await held.Release.Task;
                }
                return await inner.AuthorizeAsync(request, ct);
            }

            public Task<PaymentResult> CaptureAsync(string paymentId, long amount, string idempotencyKey, CancellationToken ct) => inner.CaptureAsync(paymentId, amount, idempotencyKey, ct);
            public Task<PaymentResult> VoidAsync(string paymentId, string idempotencyKey, CancellationToken ct) => inner.VoidAsync(paymentId, idempotencyKey, ct);
            public Task<PaymentResult> RefundAsync(string paymentId, long amount, string idempotencyKey, CancellationToken ct) => inner.RefundAsync(paymentId, amount, idempotencyKey, ct);
            public Task<PaymentResult?> FindAsync(string authorizeIdempotencyKey, CancellationToken ct) => inner.FindAsync(authorizeIdempotencyKey, ct);
            public Task<IReadOnlyList<ProviderPaymentRecord>> ListPaymentsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct) => inner.ListPaymentsAsync(from, to, ct);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CheckoutAdmissionTestsOnSqlite(SqliteApp app) : CheckoutAdmissionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CheckoutAdmissionTestsOnPostgres(PostgresApp app) : CheckoutAdmissionTests(app);
