using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EngineRoom.Tests.Payments.FakeStripe;

/// <summary>What the fake does to the next request of a route instead of answering it well.</summary>
public enum Failure
{
    /// <summary>500 before doing anything.</summary>
    ServerError,
    /// <summary>Does the work, then answers 500 (and replays that 500 for the same key, as Stripe does).</summary>
    ServerErrorAfterApplying,
    /// <summary>Does the work, then never answers (until the client gives up): the ambiguous case.</summary>
    Hang,
}

/// <summary>
/// A stand-in for Stripe's API on 127.0.0.1, for the real Stripe.net client: the subset EngineRoom uses (PaymentIntents:
/// create/confirm/capture/cancel/get/list/search; refunds; disputes), Stripe's Idempotency-Key semantics (the same key
/// replays the first answer; other parameters are 400 idempotency_error), Stripe's test payment methods (declines, 3-D
/// Secure), failures on request, and events signed and delivered like Stripe's webhooks (<see cref="DeliverAsync"/>).
/// </summary>
public sealed partial class FakeStripe : IAsyncDisposable
{
    private readonly WebApplication _server;
    private readonly TimeProvider _clock;
    private readonly object _gate = new();
    private readonly Dictionary<string, (string Request, int Status, string Body)> _idempotent = new();
    private readonly List<(string Route, Failure Failure)> _failures = [];

    /// <summary>Each request's route (ids as <c>*</c>), in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();
    public string Url { get; private set; } = "";
    public string WebhookSecret { get; }
    /// <summary>Where <see cref="DeliverAsync"/> posts by default: the app's client.</summary>
    public Func<HttpClient>? Receiver { get; set; }
    /// <summary>Deliver the events a request causes (and wait for the app's answer) before answering the request itself.</summary>
    public bool DeliverBeforeResponding { get; set; }
    /// <summary>Search finds nothing, as when Stripe's search index has not caught up yet (it can lag by a minute).</summary>
    public bool SearchIsBehind { get; set; }

    private FakeStripe(TimeProvider clock, string webhookSecret)
    {
        (_clock, WebhookSecret) = (clock, webhookSecret);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _server = builder.Build();
        _server.Map("/{**path}", HandleAsync);
    }

    public static async Task<FakeStripe> StartAsync(TimeProvider clock, string? webhookSecret = null)
    {
        var fake = new FakeStripe(clock, webhookSecret ?? $"whsec_{Guid.NewGuid():N}");
        await fake._server.StartAsync();
        fake.Url = fake._server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return fake;
    }

    /// <summary>The next <paramref name="times"/> requests of <paramref name="route"/> (e.g. <c>POST /v1/payment_intents/*/capture</c>) fail so.</summary>
    public void Fail(string route, Failure failure, int times = 1)
    {
        lock (_failures)
            for (var i = 0; i < times; i++) _failures.Add((route, failure));
    }

    public int Count(string route) => Requests.Count(r => r == route);

    private async Task HandleAsync(HttpContext http)
    {
        var route = $"{http.Request.Method} {string.Join('/', http.Request.Path.Value!.Split('/').Select(s => IsId(s) ? "*" : s))}";
        Requests.Enqueue(route);
        var form = http.Request.HasFormContentType ? (await http.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString())
            : http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        var failure = TakeFailure(route);
        if (failure == Failure.ServerError) { await WriteAsync(http, 500, Error("api_error", null, "The fake failed (test).").ToJsonString()); return; }

        var key = http.Request.Headers["Idempotency-Key"].ToString();
        var request = route + "?" + string.Join('&', form.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));
        var id = http.Request.Path.Value!.Split('/').FirstOrDefault(IsId);
        (int Status, string Body) answer;
        List<FakeEvent> caused = [];
        lock (_gate)
        {
            if (key.Length > 0 && http.Request.Method == "POST" && _idempotent.TryGetValue(key, out var stored))
            {
                answer = stored.Request == request ? (stored.Status, stored.Body)
                    : (400, Error("idempotency_error", null, "Keys for idempotent requests can only be used with the same parameters they were first used with.").ToJsonString());
                http.Response.Headers["Idempotent-Replayed"] = "true";
            }
            else
            {
                var (status, body) = Dispatch(route, id, form, caused);
                answer = (failure == Failure.ServerErrorAfterApplying ? 500 : status,
                    failure == Failure.ServerErrorAfterApplying ? Error("api_error", null, "The fake failed after applying (test).").ToJsonString() : body.ToJsonString());
                if (key.Length > 0 && http.Request.Method == "POST") _idempotent[key] = (request, answer.Status, answer.Body);
            }
        }
        if (DeliverBeforeResponding)
            foreach (var e in caused) await DeliverAsync(e);
        if (failure == Failure.Hang)
        {
            try { await Task.Delay(Timeout.Infinite, http.RequestAborted); } catch (OperationCanceledException) { }
            return;
        }
        await WriteAsync(http, answer.Status, answer.Body);
    }

    private Failure? TakeFailure(string route)
    {
        lock (_failures)
        {
            var at = _failures.FindIndex(f => f.Route == route);
            if (at < 0) return null;
            var failure = _failures[at].Failure;
            _failures.RemoveAt(at);
            return failure;
        }
    }

    private static Task WriteAsync(HttpContext http, int status, string body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(body);
    }

    private static bool IsId(string segment) => segment.Length > 3 && segment[2] == '_' && segment[..2] is "pi" or "re" or "dp" or "ch";

    private static JsonObject Error(string type, string? code, string message, string? declineCode = null, JsonObject? paymentIntent = null) =>
        new() { ["error"] = new JsonObject { ["type"] = type, ["code"] = code, ["decline_code"] = declineCode, ["message"] = message, ["payment_intent"] = paymentIntent } };

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
    }
}
