using System.Net.ServerSentEvents;
using EngineRoom.Common;
using Microsoft.Extensions.Options;

namespace EngineRoom.Analytics;

/// <summary>
/// Server-Sent Events: a <c>snapshot</c> event at once, then a <c>change</c> event whenever any instance counts a sale or a
/// refund (within about 100 ms of the count), and a <c>heartbeat</c> (no data) after 15 quiet seconds.
/// </summary>
internal static class StreamLiveAnalytics
{
    public static RouteHandlerBuilder MapStreamLiveAnalytics(this RouteGroupBuilder analytics) =>
        analytics.MapGet("/live", Handle).WithName(nameof(StreamLiveAnalytics));

    private static Results<ServerSentEventsResult<LiveFigures?>, ProblemHttpResult> Handle(string? currency, LiveFeed feed,
        IOptions<StoreOptions> store, HttpContext http, CancellationToken ct)
    {
        if (AnalyticsInput.Currency(currency, store.Value.Currency, out var code) is { } badCurrency) return badCurrency;
        http.Response.Headers["X-Accel-Buffering"] = "no"; // nginx passes each event on at once
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.ServerSentEvents(feed.StreamAsync(code, ct));
    }
}
