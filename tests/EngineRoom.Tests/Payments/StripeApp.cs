using System.Collections.Concurrent;
using EngineRoom.Data;
using EngineRoom.Payments;
using EngineRoom.Tests.Infrastructure;
using EngineRoom.Tests.Payments.FakeStripe;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EngineRoom.Tests.Payments;

/// <summary>The server with <c>Payments:Provider=stripe</c>, its Stripe.net client pointed at a <see cref="FakeStripe.FakeStripe"/> on loopback.</summary>
public interface IStripeApp
{
    FakeStripe.FakeStripe Stripe { get; }
    /// <summary>Every provider notice the handlers heard, as a checkout waiting on the customer would.</summary>
    ConcurrentQueue<PaymentChange> Notices { get; }
    /// <summary>The same server in manual capture mode, on the same database.</summary>
    WebApplicationFactory<Program> Manual { get; }
    /// <summary>A second instance on the same database.</summary>
    WebApplicationFactory<Program> Second { get; }
    /// <summary>Everything the server logged, at Debug and above: no Stripe secret may be in it.</summary>
    Attack.LogRecorder Log { get; }
}

internal static class StripeAppSetup
{
    public static FakeStripe.FakeStripe Configure(EngineRoomApp app, IWebHostBuilder builder, FakeStripe.FakeStripe? fake, ConcurrentQueue<PaymentChange> notices,
        Attack.LogRecorder log)
    {
        fake ??= FakeStripe.FakeStripe.StartAsync(app.Clock).GetAwaiter().GetResult();
        fake.Receiver ??= app.CreateClient;
        builder.UseSetting("Payments:Provider", "stripe");
        builder.UseSetting("Stripe:SecretKey", "sk_test_engineroom_fake");
        builder.UseSetting("Stripe:WebhookSecret", fake.WebhookSecret);
        builder.UseSetting("Stripe:ApiBase", fake.Url);
        builder.UseSetting("Stripe:TimeoutSeconds", "2"); // the ambiguous-outcome tests wait this long
        builder.UseSetting("Stripe:PageSize", "2"); // reconciliation walks several pages
        builder.ConfigureTestServices(s => s.AddScoped<IPaymentEventHandler>(_ => new Recorder(notices))
            .AddLogging(l => l.AddProvider(log).AddFilter<Attack.LogRecorder>(null, LogLevel.Debug)));
        return fake;
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
    private FakeStripe.FakeStripe? _stripe;
    public FakeStripe.FakeStripe Stripe => _stripe ?? throw new InvalidOperationException("Not started.");
    public ConcurrentQueue<PaymentChange> Notices { get; } = new();
    public Attack.LogRecorder Log { get; } = new();
    public WebApplicationFactory<Program> Manual => field ??= WithWebHostBuilder(b => b.UseSetting("Payments:CaptureMode", "manual"));
    public WebApplicationFactory<Program> Second => field ??= WithWebHostBuilder(_ => { });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        _stripe = StripeAppSetup.Configure(this, builder, _stripe, Notices, Log);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_stripe is not null) await _stripe.DisposeAsync();
    }
}

public sealed class StripePostgresApp : PostgresApp, IStripeApp
{
    private FakeStripe.FakeStripe? _stripe;
    public FakeStripe.FakeStripe Stripe => _stripe ?? throw new InvalidOperationException("Not started.");
    public ConcurrentQueue<PaymentChange> Notices { get; } = new();
    public Attack.LogRecorder Log { get; } = new();
    public WebApplicationFactory<Program> Manual => field ??= WithWebHostBuilder(b => b.UseSetting("Payments:CaptureMode", "manual"));
    public WebApplicationFactory<Program> Second => field ??= WithWebHostBuilder(_ => { });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        _stripe = StripeAppSetup.Configure(this, builder, _stripe, Notices, Log);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_stripe is not null) await _stripe.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class StripeSqliteCollection : ICollectionFixture<StripeSqliteApp> { public const string Name = "stripe-sqlite"; }

[CollectionDefinition(Name)]
public sealed class StripePostgresCollection : ICollectionFixture<StripePostgresApp> { public const string Name = "stripe-postgres"; }
