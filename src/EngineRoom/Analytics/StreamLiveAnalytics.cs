using System.Net.ServerSentEvents;
using EngineRoom.Common;
using Microsoft.Extensions.Options;

namespace EngineRoom.Analytics;

/// <summary>
/// Server-Sent Events: a <c>snapshot</c> event at once, then a <c>change</c> event whenever any instance counts a sale or a
/// refund (within about 100 ms of the count), and a <c>heartbeat</c> (no data) after 15 quiet seconds. A request that does
/// not accept <c>text/event-stream</c> is answered 406.
/// </summary>
internal static class StreamLiveAnalytics
{
    public static RouteHandlerBuilder MapStreamLiveAnalytics(this RouteGroupBuilder analytics) =>
        analytics.MapGet("/live", Handle).WithName(nameof(StreamLiveAnalytics));

    private static Results<ServerSentEventsResult<LiveFigures?>, ProblemHttpResult> Handle(string? currency, LiveFeed feed,
        IOptions<StoreOptions> store, HttpContext http, CancellationToken ct)
    {
        if (AnalyticsInput.Currency(currency, store.Value.Currency, out var code) is { } badCurrency) return badCurrency;
        // A stream never ends: only a client that asked for one (EventSource always does) gets it, not a plain GET.
        if (!http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase)))
            return Problems.Create(StatusCodes.Status406NotAcceptable, "not_acceptable",
                "The live stream is Server-Sent Events: send Accept: text/event-stream (EventSource does).");
        http.Response.Headers["X-Accel-Buffering"] = "no"; // nginx passes each event on at once
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.ServerSentEvents(feed.StreamAsync(code, ct));
    }
}
