using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EngineRoom.Tests.Webhooks;

/// <summary>A webhook as a receiver saw it: its three Standard Webhooks headers and the raw body.</summary>
public sealed record Received(string Id, string Timestamp, string Signature, string Body, DateTimeOffset At)
{
    public HeaderDictionary Headers => new() { ["webhook-id"] = Id, ["webhook-timestamp"] = Timestamp, ["webhook-signature"] = Signature };
    public string Type => System.Text.Json.JsonDocument.Parse(Body).RootElement.GetProperty("type").GetString()!;
}

/// <summary>
/// A real HTTP receiver on loopback (Kestrel on a free port). <see cref="Answer"/> decides each reply from the webhook
/// and how often its id was seen: a status, a hang (until the sender gives up), or a closed connection (status 0).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public const int Hang = -1, Close = 0;
    private readonly WebApplication _app;
    public ConcurrentQueue<Received> All { get; } = new();
    public ConcurrentDictionary<string, int> Seen { get; } = new();
    public Func<Received, int, int> Answer { get; set; } = (_, _) => 200;
    public string Url { get; }

    private WebhookReceiver(WebApplication app, string url) => (_app, Url) = (app, url);

    public static async Task<WebhookReceiver> StartAsync(Func<Received, int, int>? answer = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/hook", async (HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body, Encoding.UTF8).ReadToEndAsync();
            var h = http.Request.Headers;
            var received = new Received(h["webhook-id"].ToString(), h["webhook-timestamp"].ToString(), h["webhook-signature"].ToString(), body, DateTimeOffset.UtcNow);
            var count = receiver!.Seen.AddOrUpdate(received.Id, 1, (_, n) => n + 1);
            receiver.All.Enqueue(received);
            switch (receiver.Answer(received, count))
            {
                case Hang: await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }); return;
                case Close: http.Abort(); return;
                case var status: http.Response.StatusCode = status; await http.Response.WriteAsync($"answer {count} to {received.Id}"); return;
            }
        });
        await app.StartAsync();
        receiver = new WebhookReceiver(app, app.Urls.Single().TrimEnd('/') + "/hook");
        if (answer is not null) receiver.Answer = answer;
        return receiver;
    }

    public IEnumerable<Received> Mentioning(object id) => All.Where(r => r.Body.Contains(id.ToString()!, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1)); // a hanging request is not waited for
        await _app.StopAsync(quick.Token);
        await _app.DisposeAsync();
    }
}

/// <summary>Not HTTP at all: reads the request, answers bytes that are no status line, and closes.</summary>
public sealed class GarbageServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    public int Accepted;
    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hook";

    public GarbageServer()
    {
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync();
                Interlocked.Increment(ref Accepted);
                var stream = client.GetStream();
                _ = await stream.ReadAsync(new byte[8192]);
                await stream.WriteAsync("\u0000\u0001 not http at all \u00ff\r\n\r\n"u8.ToArray());
            }
        });
    }

    public void Dispose() => _listener.Stop();
}
