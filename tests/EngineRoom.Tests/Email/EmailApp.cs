using System.Net;
using System.Net.Http.Json;
using EngineRoom.Common.Outbox;
using EngineRoom.Email;
using EngineRoom.Tests.Attack;
using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Email;

// Email tests get a server of their own per provider, sending to an SMTP sink of their own, with an override folder
// and short time-outs, and a log kept in memory (to be searched for tokens).
public sealed class EmailSqliteApp : SqliteApp
{
    public EmailRig Rig { get; } = new();
    protected override void ConfigureWebHost(IWebHostBuilder builder) { base.ConfigureWebHost(builder); Rig.Configure(builder); }
    public override async ValueTask DisposeAsync() { await base.DisposeAsync(); await Rig.DisposeAsync(); }
}

public sealed class EmailPostgresApp : PostgresApp
{
    public EmailRig Rig { get; } = new();
    protected override void ConfigureWebHost(IWebHostBuilder builder) { base.ConfigureWebHost(builder); Rig.Configure(builder); }
    public override async ValueTask DisposeAsync() { await base.DisposeAsync(); await Rig.DisposeAsync(); }
}

/// <summary>The sink, override folder and log of an email test app.</summary>
public sealed class EmailRig : IAsyncDisposable
{
    public const int MaxAttempts = 3;
    public SmtpSink Sink { get; } = SmtpSink.Start();
    public string Templates { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"engineroom-templates-{Guid.NewGuid():N}")).FullName;
    public LogRecorder Log { get; } = new();

    public void Configure(IWebHostBuilder builder)
    {
        SmtpSink.Configure(builder, Sink.Port);
        builder.UseSetting("Smtp:TimeoutSeconds", "2");
        builder.UseSetting("Email:LeaseSeconds", "10");
        builder.UseSetting("Email:MaxAttempts", MaxAttempts.ToString());
        builder.UseSetting("Email:TemplatesPath", Templates);
        builder.UseSetting("Email:OrderUrl", "https://shop.example.com/orders/{orderId}");
        builder.UseSetting("Store:Name", "Tessellate & Co");
        builder.ConfigureTestServices(services => services.AddLogging(l => l.AddProvider(Log).AddFilter<LogRecorder>(null, LogLevel.Debug)));
    }

    public async ValueTask DisposeAsync()
    {
        await Sink.DisposeAsync();
        try { Directory.Delete(Templates, recursive: true); } catch (IOException) { }
    }
}

/// <summary>What email tests do on any app: hand the outbox over, run the sender, buy.</summary>
public static class Mail
{
    /// <summary>Hands every committed outbox message to its consumers, then sends what is due, as the two loops do on their ticks.</summary>
    public static async Task DeliverAsync(EngineRoomApp app)
    {
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        while (await dispatcher.DispatchAsync(default) > 0) { }
        await SendAsync(app);
    }

    public static async Task<int> SendAsync(EngineRoomApp app)
    {
        var sender = app.Services.GetRequiredService<EmailSender>();
        int claimed, total = 0;
        while ((claimed = await sender.SendDueAsync(default)) > 0) total += claimed;
        return total;
    }

    public static async Task<(Guid Id, string Email)> BuyNowAsync(EngineRoomApp app, string? email = null, long price = 1234, string name = "Ada Lovelace",
        HttpClient? client = null)
    {
        email ??= $"buyer-{Guid.NewGuid():N}@example.com";
        var sku = await TestCatalog.CreateSkuAsync(app, price: price);
        var request = new HttpRequestMessage(HttpMethod.Post, "/store/orders")
        {
            Content = JsonContent.Create(new
            {
                lines = new[] { new { sku, quantity = 1 } }, paymentToken = "tok_visa", email,
                shippingAddress = new { name, line1 = "1 Analytical Way", city = "London", postalCode = "N1 1AA", country = "GB" },
            }),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        };
        var order = await (await (client ?? app.CreateClient()).SendAsync(request)).JsonAsync(HttpStatusCode.Created);
        return (order.GetProperty("id").GetGuid(), email);
    }

    public static Task<List<EmailMessage>> StoredAsync(EngineRoomApp app, string recipient) =>
        app.QueryAsync(db => db.EmailMessages.AsNoTracking().Where(m => m.Recipient == recipient).ToListAsync());
}
