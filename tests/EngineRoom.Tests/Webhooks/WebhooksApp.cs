using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Common.Outbox;
using EngineRoom.Tests.Infrastructure;
using EngineRoom.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EngineRoom.Tests.Webhooks;

// Webhook tests get a server of their own per provider: receivers on loopback need Webhooks:AllowPrivateNetworks (and
// plain http), which the shared fixture keeps off so that its guard can be tested as production has it.
public sealed class WebhooksSqliteApp : SqliteApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder) { base.ConfigureWebHost(builder); Hooks.Configure(builder); }
}

public sealed class WebhooksPostgresApp : PostgresApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder) { base.ConfigureWebHost(builder); Hooks.Configure(builder); }
}

/// <summary>What webhook tests do through the admin API and the outbox, on any app.</summary>
public static class Hooks
{
    public const int TimeoutSeconds = 3;
    /// <summary>Webhooks:DisableAfterDays in these apps (14.4 minutes): the fake clock's periodic timers fire once per second moved, so days would take minutes.</summary>
    public const double DisableAfterDays = 0.01;

    public static void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Webhooks:AllowPrivateNetworks", "true");
        builder.UseSetting("Webhooks:AllowHttp", "true");
        builder.UseSetting("Webhooks:TimeoutSeconds", TimeoutSeconds.ToString());
        builder.UseSetting("Webhooks:DisableAfterDays", DisableAfterDays.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public sealed record Endpoint(Guid Id, string Secret);

    public static async Task<Endpoint> RegisterAsync(EngineRoomApp app, string url, params string[] types)
    {
        var admin = await app.AdminClientAsync();
        var created = await (await admin.PostAsJsonAsync("/admin/webhooks/endpoints", new { url, description = "test receiver", eventTypes = types }))
            .JsonAsync(HttpStatusCode.Created);
        return new(created.GetProperty("endpoint").GetProperty("id").GetGuid(), created.GetProperty("secret").GetString()!);
    }

    /// <summary>Deletes the endpoint, so later tests' events are not sent to a receiver that is gone.</summary>
    public static async Task RemoveAsync(EngineRoomApp app, Guid id) =>
        Assert.Equal(HttpStatusCode.NoContent, (await (await app.AdminClientAsync()).DeleteAsync($"/admin/webhooks/endpoints/{id}")).StatusCode);

    /// <summary>Hands every committed outbox message to its consumers, as the dispatcher's loop does on each tick.</summary>
    public static async Task DispatchAsync(EngineRoomApp app)
    {
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        while (await dispatcher.DispatchAsync(default) > 0) { }
    }

    /// <summary>Moves the clock, which also wakes the senders (their poll runs on it).</summary>
    public static void Advance(EngineRoomApp app, TimeSpan by) => app.Clock.Advance(by);

    public static async Task<Guid> BuyNowAsync(EngineRoomApp app, string? sku = null, HttpClient? client = null)
    {
        sku ??= await TestCatalog.CreateSkuAsync(app);
        var request = new HttpRequestMessage(HttpMethod.Post, "/store/orders")
        {
            Content = JsonContent.Create(new { lines = new[] { new { sku, quantity = 1 } }, paymentToken = "tok_visa", email = "hooks@example.com" }),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        };
        return (await (client ?? app.CreateClient()).SendAsync(request).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    public static async Task<List<JsonElement>> DeliveriesAsync(EngineRoomApp app, Guid endpointId, string query = "")
    {
        var page = await (await app.AdminClientAsync()).GetAsync($"/admin/webhooks/endpoints/{endpointId}/deliveries?limit=100{query}").JsonAsync();
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    public static Task<List<WebhookDelivery>> StoredAsync(EngineRoomApp app, Guid endpointId) =>
        app.QueryAsync(db => db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpointId).ToListAsync());

    public static Task<WebhookEndpoint> EndpointAsync(EngineRoomApp app, Guid id) =>
        app.QueryAsync(db => db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Id == id));

    public static Task<List<EngineRoom.Events.WebhookEndpointDisabled>> DisabledEventsAsync(EngineRoomApp app, Guid endpointId) => app.QueryAsync(async db =>
        (await db.OutboxMessages.AsNoTracking().Where(m => m.Type == EngineRoom.Events.WebhookEndpointDisabled.Name).ToListAsync())
        .Select(m => (EngineRoom.Events.WebhookEndpointDisabled)EngineRoom.Events.IntegrationEvents.Read(m)).Where(e => e.EndpointId == endpointId).ToList());

    public static Task<List<WebhookAttempt>> AttemptsAsync(EngineRoomApp app, Guid deliveryId) =>
        app.QueryAsync(db => db.WebhookAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.Number).ToListAsync());
}
