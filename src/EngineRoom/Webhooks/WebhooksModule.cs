using EngineRoom.Common.Outbox;
using EngineRoom.Customers;
using EngineRoom.Customers.ApiKeys;
using Microsoft.Extensions.Options;

namespace EngineRoom.Webhooks;

/// <summary>
/// Webhooks: signed deliveries (Standard Webhooks 1.0) of the event catalogue to the URLs staff register, from the
/// outbox, with retries, a delivery log and replay (docs/webhooks.md, docs/decisions/0009). Staff read the log, send
/// tests and replay; only admins choose where data goes (endpoints, URLs, secrets).
/// </summary>
public static class WebhooksModule
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration("Webhooks")
            .Validate(o => o.TimeoutSeconds > 0 && o.LeaseSeconds > o.TimeoutSeconds && o.MaxParallelSends > 0 && o.MaxParallelPerEndpoint > 0
                           && o.PollSeconds > 0 && o.DisableAfterDays > 0 && o.RotationOverlapHours >= 0,
                "Webhooks: TimeoutSeconds, PollSeconds, MaxParallelSends, MaxParallelPerEndpoint and DisableAfterDays must be positive, LeaseSeconds longer than TimeoutSeconds.")
            .ValidateOnStart();
        services.AddSingleton<WebhookUrls>();
        services.AddSingleton(sp => new WebhookSecrets(((Microsoft.IdentityModel.Tokens.SymmetricSecurityKey)sp
            .GetRequiredService<Microsoft.IdentityModel.Tokens.SigningCredentials>().Key).Key));
        services.AddSingleton<WebhookSender>();
        services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan) // WebhookSender bounds each send
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, UseProxy = false, UseCookies = false, // a proxy would connect where the guard did not look
                ConnectCallback = sp.GetRequiredService<WebhookUrls>().ConnectAsync,
                ConnectTimeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.TimeoutSeconds),
                PooledConnectionLifetime = TimeSpan.FromMinutes(2), // a receiver's DNS change is seen, and checked, within minutes
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton<WebhookDeliveryWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDeliveryWorker>());
        services.AddScoped<IOutboxHandler, WebhookFanOut>();
        return services;
    }

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin/webhooks").WithTags("Webhooks");
        // Staff work (reading, test sends, replays) is open to webhooks-scoped API keys; choosing where order data goes is not.
        var webhooks = group.MapGroup("").RequireAuthorization(Policies.Staff).AllowApiKeys(ApiArea.Webhooks);
        webhooks.MapListWebhookEventTypes();
        webhooks.MapListWebhookEndpoints();
        webhooks.MapGetWebhookEndpoint();
        webhooks.MapListWebhookDeliveries();
        webhooks.MapSendTestWebhook();
        webhooks.MapReplayWebhookDelivery();
        webhooks.MapReplayFailedWebhookDeliveries();

        var admin = group.MapGroup("").RequireAuthorization(Policies.Admin);
        admin.MapCreateWebhookEndpoint();
        admin.MapUpdateWebhookEndpoint();
        admin.MapDeleteWebhookEndpoint();
        admin.MapRotateWebhookSecret();
        return app;
    }
}
