using System.Collections.Concurrent;
using EngineRoom.Data;
using EngineRoom.Payments;
using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EngineRoom.Tests.Payments;

/// <summary>A server with <c>Payments:Provider=stripe</c>, its Stripe.net client pointed at a <see cref="FakeStripe.FakeStripe"/> on loopback.</summary>
public interface IStripeApp
{
    StripeParts Stripe { get; }
}

/// <summary>What a Stripe test app has beside the server: the fake, what the payment event handlers heard, the log, more instances.</summary>
public sealed class StripeParts(EngineRoomApp app) : IAsyncDisposable
{
    private FakeStripe.FakeStripe? _fake;
    public FakeStripe.FakeStripe Fake => _fake ?? throw new InvalidOperationException("The app has not started.");
    /// <summary>Every provider notice the handlers heard, as a checkout waiting on the customer would.</summary>
    public ConcurrentQueue<PaymentChange> Notices { get; } = new();
    /// <summary>Everything the server logged, at Debug and above: no Stripe secret may be in it.</summary>
    public Attack.LogRecorder Log { get; } = new();
    /// <summary>The same server in manual capture mode, on the same database.</summary>
    public WebApplicationFactory<Program> Manual => field ??= app.WithWebHostBuilder(b => b.UseSetting("Payments:CaptureMode", "manual"));
    /// <summary>A second instance on the same database.</summary>
    public WebApplicationFactory<Program> Second => field ??= app.WithWebHostBuilder(_ => { });

    public void Configure(IWebHostBuilder builder)
    {
        _fake ??= FakeStripe.FakeStripe.StartAsync(app.Clock).GetAwaiter().GetResult();
        _fake.Receiver ??= app.CreateClient;
        builder.UseSetting("Payments:Provider", "stripe");
        builder.UseSetting("Stripe:SecretKey", "sk_test_engineroom_fake");
        builder.UseSetting("Stripe:WebhookSecret", _fake.WebhookSecret);
        builder.UseSetting("Stripe:ApiBase", _fake.Url);
        builder.UseSetting("Stripe:TimeoutSeconds", "2"); // the ambiguous-outcome tests wait this long
        builder.UseSetting("Stripe:PageSize", "2"); // reconciliation walks several pages
        builder.UseSetting("Stripe:FindMaxPages", "1000"); // ...and finding by key all of the recent window, at two a page
        builder.ConfigureTestServices(s => s.AddScoped<IPaymentEventHandler>(_ => new Recorder(Notices))
            .AddLogging(l => l.AddProvider(Log).AddFilter<Attack.LogRecorder>(null, LogLevel.Debug)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_fake is not null) await _fake.DisposeAsync();
    }

    private sealed class Recorder(ConcurrentQueue<PaymentChange> notices) : IPaymentEventHandler
    {
        public Task HandleAsync(EngineRoomDb db, PaymentChange change, DateTimeOffset now, CancellationToken ct)
        {
            notices.Enqueue(change);
            return Task.CompletedTask;
        }
    }
}

public sealed class StripeSqliteApp : SqliteApp, IStripeApp
{
    public StripeSqliteApp() => Stripe = new(this);
    public StripeParts Stripe { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Stripe.Configure(builder);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}

public sealed class StripePostgresApp : PostgresApp, IStripeApp
{
    public StripePostgresApp() => Stripe = new(this);
    public StripeParts Stripe { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Stripe.Configure(builder);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class StripeSqliteCollection : ICollectionFixture<StripeSqliteApp> { public const string Name = "stripe-sqlite"; }

[CollectionDefinition(Name)]
public sealed class StripePostgresCollection : ICollectionFixture<StripePostgresApp> { public const string Name = "stripe-postgres"; }
