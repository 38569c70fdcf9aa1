using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EngineRoom.Common.Telemetry;

/// <summary>
/// OpenTelemetry for the whole server (docs/decisions/0005): traces of requests, outgoing HTTP calls and every database
/// command (EF Core, so SQLite and PostgreSQL alike); runtime, ASP.NET Core, Npgsql and <see cref="CommerceMetrics"/>
/// metrics, always collected in process and scraped from <c>/metrics</c>; OTLP export of all three signals only when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <c>Telemetry:Otlp</c> is set. Everything else follows the standard <c>OTEL_*</c> variables.
/// </summary>
internal static class TelemetrySetup
{
    // Switches that would put SQL parameter values or full query strings (emails, tokens) into spans. An environment
    // variable must not be able to turn them on: no secret reaches telemetry, as none reaches a log.
    private static readonly Dictionary<string, string?> NeverOn = new()
    {
        ["OTEL_DOTNET_EXPERIMENTAL_EFCORE_ENABLE_TRACE_DB_QUERY_PARAMETERS"] = "false",
        ["OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION"] = "false",
        ["OTEL_DOTNET_EXPERIMENTAL_HTTPCLIENT_DISABLE_URL_QUERY_REDACTION"] = "false",
    };

    public static WebApplicationBuilder AddEngineRoomTelemetry(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        config.AddInMemoryCollection(NeverOn); // added last, so it wins over the environment

        // The trace and span ids ride along with every log line as a scope (shown with IncludeScopes, see appsettings.json).
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

        builder.Services.AddSingleton<CommerceMetrics>();
        // Only this host's own meter (MeterScope.Local): the SDK's AddMeter matches by name, so two hosts in one process
        // (the tests run several) would report each other's orders.
        builder.Services.AddMetrics(m => m.EnableMetrics(CommerceMetrics.MeterName, listenerName: "OpenTelemetry", scopes: MeterScope.Local));
        builder.Services.AddMetricsAccess(config);
        var otel = builder.Services.AddOpenTelemetry()
            // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, read after, override this default name.
            .ConfigureResource(r => r.AddService("engineroom").AddEnvironmentVariableDetector())
            .WithMetrics(metrics => metrics
                .AddMeter("Npgsql")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        // Spans are made only when something will read them: with no exporter, a span per SQL command is CPU spent for nothing.
        if (OtlpEnabled(config) || config.GetValue("Telemetry:Tracing", false))
            otel.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbeOrScrape(http.Request.Path))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddSource(Data.SqlBatch.Tracing.Name));
        if (OtlpEnabled(config)) otel.UseOtlpExporter(); // endpoint, protocol, headers, intervals: the OTEL_* variables
        return builder;
    }

    public static bool OtlpEnabled(IConfiguration config) =>
        !string.IsNullOrWhiteSpace(config["OTEL_EXPORTER_OTLP_ENDPOINT"]) || config.GetValue("Telemetry:Otlp", false);

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(MetricsAccess.Policy).DisableHttpMetrics();
        return app;
    }

    // Load balancer probes and Prometheus scrapes every few seconds would bury the traces that matter.
    private static bool IsProbeOrScrape(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");
}
