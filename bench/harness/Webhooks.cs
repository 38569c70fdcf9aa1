using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

/// <summary>What the receiver saw of one timed run: webhooks per second, and the lag from the event (its commit) to its arrival.</summary>
sealed record WebhookReport(int Delivered, double PerSecond, double LagP50Ms, double LagP95Ms, double LagP99Ms, double? DrainedAfterSeconds, int Undelivered);

/// <summary>
/// --webhooks: a receiver in the harness process on loopback (Kestrel), registered as a webhook endpoint for
/// order.placed and order.paid. It answers 204 at once and notes when each webhook arrived and when its event happened
/// (the body's <c>timestamp</c>, taken by the server inside the order's transaction, on the same machine's clock).
/// </summary>
sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(DateTimeOffset Received, DateTimeOffset Occurred)> _seen = new();
    public string Url { get; }

    private WebhookSink(WebApplication app, string url) => (_app, Url) = (app, url);

    public static async Task<WebhookSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        WebhookSink? sink = null;
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            sink!._seen.Enqueue((DateTimeOffset.UtcNow, body.RootElement.GetProperty("timestamp").GetDateTimeOffset()));
            return Results.NoContent();
        });
        await app.StartAsync();
        return sink = new WebhookSink(app, app.Urls.Single().TrimEnd('/') + "/hook");
    }

    /// <summary>Webhooks that arrived in [from, to), and the lag of those whose event happened in it.</summary>
    public WebhookReport Report(DateTimeOffset from, DateTimeOffset to, double? drainedAfter, int undelivered)
    {
        var all = _seen.ToArray();
        var arrived = all.Count(s => s.Received >= from && s.Received < to);
        var lags = all.Where(s => s.Occurred >= from && s.Occurred < to).Select(s => (s.Received - s.Occurred).TotalMilliseconds).Order().ToArray();
        return new WebhookReport(arrived, Math.Round(arrived / (to - from).TotalSeconds, 1), R(Percentiles.Of(lags, 0.50)), R(Percentiles.Of(lags, 0.95)),
            R(Percentiles.Of(lags, 0.99)), drainedAfter, undelivered);
    }

    private static double R(double v) => Math.Round(v, 1);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

static class WebhookBench
{
    /// <summary>The server settings --webhooks needs: the receiver is plain http on loopback.</summary>
    public static readonly string[] Settings = ["--Webhooks:AllowHttp=true", "--Webhooks:AllowPrivateNetworks=true"];

    public static async Task<Guid> RegisterAsync(string baseUrl, string url)
    {
        using var http = await AdminAsync(baseUrl);
        var created = await http.PostAsJsonAsync("/admin/webhooks/endpoints", new { url, description = "bench receiver", eventTypes = new[] { "order.placed", "order.paid" }, enabled = false });
        if (!created.IsSuccessStatusCode) throw new InvalidOperationException($"Registering the webhook endpoint failed: {await created.Content.ReadAsStringAsync()}");
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("endpoint").GetProperty("id").GetGuid();
    }

    public static async Task SetEnabledAsync(string baseUrl, Guid id, bool enabled)
    {
        using var http = await AdminAsync(baseUrl);
        (await http.PatchAsJsonAsync($"/admin/webhooks/endpoints/{id}", new { enabled })).EnsureSuccessStatusCode();
    }

    /// <summary>Waits until every event is dispatched and every delivery sent; the seconds it took, or null past the limit.</summary>
    public static async Task<(double? Seconds, int Undelivered)> DrainAsync(Func<EngineRoomDb> open, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await using var db = open();
            var left = await db.OutboxMessages.CountAsync(m => m.DispatchedAt == null)
                       + await db.WebhookDeliveries.CountAsync(d => d.Status == EngineRoom.Webhooks.DeliveryStatus.Pending);
            if (left == 0) return (Math.Round(clock.Elapsed.TotalSeconds, 1), 0);
            if (clock.Elapsed > limit) return (null, left);
            await Task.Delay(100);
        }
    }

    private static async Task<HttpClient> AdminAsync(string baseUrl)
    {
        var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var token = await http.PostAsJsonAsync("/auth/token", new { email = "bench@engineroom.local", password = "bench-password-1" });
        token.EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return http;
    }
}
