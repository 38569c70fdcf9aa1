using EngineRoom.Common.Outbox;
using EngineRoom.Customers;
using EngineRoom.Customers.ApiKeys;

namespace EngineRoom.Analytics;

/// <summary>
/// Analytics: sales, products and the funnel rolled up by minute, hour and day from the outbox's order events, a live
/// stream every instance feeds, and a rebuild from the orders (docs/analytics.md, docs/decisions/0016).
/// </summary>
public static class AnalyticsModule
{
    public static IServiceCollection AddAnalytics(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<AnalyticsOptions>().BindConfiguration("Analytics")
            .Validate(o => o.LivePollMilliseconds > 0 && o.FlushSeconds > 0 && o.KeepMarkersDays > 0,
                "Analytics: LivePollMilliseconds, FlushSeconds and KeepMarkersDays must be positive.")
            .ValidateOnStart();
        services.AddSingleton<LiveFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveFeed>());
        services.AddSingleton<PruneCountedMessages>();
        services.AddHostedService(sp => sp.GetRequiredService<PruneCountedMessages>());
        if (!config.GetValue("Analytics:Enabled", true)) return services;

        services.AddScoped<IOutboxHandler, CountSales>();
        services.AddSingleton<CheckoutCounters>();
        return services.AddHostedService(sp => sp.GetRequiredService<CheckoutCounters>());
    }

    public static IEndpointRouteBuilder MapAnalytics(this IEndpointRouteBuilder app)
    {
        var analytics = app.MapGroup("/admin/analytics").WithTags("Analytics").RequireAuthorization(Policies.Staff).AllowApiKeys(ApiArea.Analytics);
        analytics.MapGetSalesSummary();
        analytics.MapGetTopProducts();
        analytics.MapGetFunnel();
        analytics.MapGetLowStock();
        analytics.MapStreamLiveAnalytics();

        app.MapGroup("/admin/analytics").WithTags("Analytics").RequireAuthorization(Policies.Admin).MapRebuildAnalytics();
        return app;
    }
}
