using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EngineRoom.Common.Telemetry;
using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace EngineRoom.Tests.Telemetry;

/// <summary>
/// A second instance on the collection's database with in-memory exporters added, so the shared app stays as it is.
/// The instance is shared with background jobs and the other app, so spans are picked by the trace id this test sends
/// and metrics are compared before and after.
/// </summary>
public abstract class TelemetryTests(EngineRoomApp app) : IAsyncLifetime
{
    private const string RemoteAddressHeader = "X-Test-Remote-Address";
    private readonly LockedList<Activity> _spans = new();
    private readonly LockedList<MetricSnapshot> _metrics = new();
    private WebApplicationFactory<Program> _host = null!;

    public Task InitializeAsync()
    {
        _host = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Telemetry:MetricsNetworks", "10.0.0.0/8, fd00::/8");
            b.UseSetting("Telemetry:Tracing", "true"); // spans without an OTLP endpoint, for the in-memory exporter
            b.ConfigureTestServices(services =>
            {
                services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans));
                services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(_metrics));
                services.AddSingleton<IStartupFilter, RemoteAddressFromHeader>(); // TestServer has no client address of its own
            });
        });
        _ = _host.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task One_buy_now_is_one_trace_with_its_database_spans_and_moves_the_commerce_metrics()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, price: 1234, stock: 5);
        var email = $"traced-{Guid.NewGuid():N}@example.com";
        var ordersBefore = Sum("engineroom.orders.placed", ("currency", "USD"), ("channel", "buy_now"));
        var revenueBefore = Sum("engineroom.orders.revenue", ("currency", "USD"));
        var approvedBefore = Sum("engineroom.payments.authorizations", ("outcome", "approved"));

        var traceId = ActivityTraceId.CreateRandom();
        var request = new HttpRequestMessage(HttpMethod.Post, "/store/orders")
        {
            Content = JsonContent.Create(new { lines = new[] { new { sku, quantity = 2 } }, paymentToken = "tok_visa", email }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var order = await (await _host.CreateClient().SendAsync(request)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(2468, order.GetProperty("total").GetProperty("amount").GetInt64());

        // The server span ends just after the response is written, so it may land a moment after the client has it.
        Activity? server = null;
        await Eventually.AssertAsync(() => Task.FromResult((server = Spans(traceId).FirstOrDefault(s => s.Kind == ActivityKind.Server)) is not null),
            "the server span of the Buy Now");
        var trace = Spans(traceId);
        Assert.Single(trace, s => s.Kind == ActivityKind.Server);
        Assert.Equal("/store/orders", server!.GetTagItem("http.route"));
        var database = trace.Where(s => s.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal) || s.Source.Name == "EngineRoom.Data").ToList();
        // At least the stock check, the prices, the hold and the record (each batch one span; the key is claimed in the hold).
        Assert.True(database.Count >= 4, $"expected the checkout's database commands as spans, got {database.Count}");
        var byId = trace.ToDictionary(s => s.SpanId);
        Assert.All(database, span => Assert.True(DescendsFrom(span, server, byId), $"{span.DisplayName} is not under the request's span"));
        // No SQL parameter value, token or email in any span: statements are recorded parameterised only.
        var tagText = string.Join("\n", trace.SelectMany(s => s.TagObjects).Select(t => $"{t.Key}={t.Value}"));
        Assert.Contains("INSERT", tagText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(email, tagText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("tok_visa", tagText, StringComparison.Ordinal);

        Assert.Equal(ordersBefore + 1, Sum("engineroom.orders.placed", ("currency", "USD"), ("channel", "buy_now")));
        Assert.Equal(revenueBefore + 2468, Sum("engineroom.orders.revenue", ("currency", "USD")));
        Assert.Equal(approvedBefore + 1, Sum("engineroom.payments.authorizations", ("outcome", "approved")));
    }

    [Fact]
    public async Task Metrics_are_served_to_staff_and_configured_networks_only()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 5);
        var bought = await _host.CreateClient().PostAsJsonAsync("/store/orders",
            new { lines = new[] { new { sku, quantity = 1 } }, paymentToken = "tok_visa", email = "metrics@example.com" });
        await bought.JsonAsync(HttpStatusCode.Created);

        var anonymous = await _host.CreateClient().GetAsync("/metrics");
        var problem = await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.DoesNotContain("engineroom", problem.GetRawText(), StringComparison.Ordinal);
        await (await Get("/metrics", await TokenAsync(app.CustomerClientAsync()))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await Get("/metrics", remoteAddress: "192.168.1.7")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");

        foreach (var staff in new[] { await Get("/metrics", await TokenAsync(app.StaffClientAsync())), await Get("/metrics", remoteAddress: "10.20.30.40") })
        {
            Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
            var text = await staff.Content.ReadAsStringAsync();
            Assert.Contains("engineroom_orders_placed_total{", text, StringComparison.Ordinal);
            Assert.Contains("engineroom_checkout_duration_seconds_bucket{", text, StringComparison.Ordinal);
            Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        }
    }

    private async Task<HttpResponseMessage> Get(string path, string? token = null, string? remoteAddress = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (remoteAddress is not null) request.Headers.Add(RemoteAddressHeader, remoteAddress);
        return await _host.CreateClient().SendAsync(request);
    }

    private static async Task<string> TokenAsync(Task<HttpClient> signedIn) => (await signedIn).DefaultRequestHeaders.Authorization!.Parameter!;

    private List<Activity> Spans(ActivityTraceId traceId) => _spans.Snapshot().Where(s => s.TraceId == traceId).ToList();

    private static bool DescendsFrom(Activity span, Activity ancestor, Dictionary<ActivitySpanId, Activity> byId)
    {
        for (var parent = span.ParentSpanId; byId.TryGetValue(parent, out var next); parent = next.ParentSpanId)
            if (next == ancestor) return true;
        return false;
    }

    /// <summary>The cumulative sum of a counter over the points carrying these tags, collected now.</summary>
    private long Sum(string name, params (string Key, string Value)[] tags)
    {
        _metrics.Clear();
        // Its answer is false whatever the in-memory reader did: the Prometheus reader only exports when scraped.
        _host.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);
        var metric = _metrics.Snapshot().LastOrDefault(m => m.Name == name && m.MeterName == CommerceMetrics.MeterName);
        if (metric is null) return 0;
        long sum = 0;
        foreach (var point in metric.MetricPoints)
        {
            var pointTags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags) pointTags[tag.Key] = tag.Value;
            if (tags.All(t => pointTags.TryGetValue(t.Key, out var v) && Equals(v, t.Value))) sum += point.GetSumLong();
        }
        return sum;
    }

    private sealed class RemoteAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (http.Request.Headers.TryGetValue(RemoteAddressHeader, out var address)) http.Connection.RemoteIpAddress = IPAddress.Parse(address!);
                return nextMiddleware(http);
            });
            next(app);
        };
    }

    /// <summary>The exporters add from request and background threads while the test reads.</summary>
    private sealed class LockedList<T> : ICollection<T>
    {
        private readonly List<T> _items = [];
        public T[] Snapshot() { lock (_items) return [.. _items]; }
        public void Add(T item) { lock (_items) _items.Add(item); }
        public void Clear() { lock (_items) _items.Clear(); }
        public bool Contains(T item) { lock (_items) return _items.Contains(item); }
        public void CopyTo(T[] array, int arrayIndex) { lock (_items) _items.CopyTo(array, arrayIndex); }
        public bool Remove(T item) { lock (_items) return _items.Remove(item); }
        public int Count { get { lock (_items) return _items.Count; } }
        public bool IsReadOnly => false;
        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Snapshot()).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class TelemetryTestsOnSqlite(SqliteApp app) : TelemetryTests(app);

[Collection(PostgresCollection.Name)]
public sealed class TelemetryTestsOnPostgres(PostgresApp app) : TelemetryTests(app);
