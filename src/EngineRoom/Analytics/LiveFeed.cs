using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using EngineRoom.Data;
using EngineRoom.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Analytics;

public sealed record LiveOrder(Guid OrderId, string Number, long Total, string Currency, DateTimeOffset PlacedAt);

/// <summary>What the dashboard shows live: today's and this hour's figures (UTC) in one currency, and the latest orders.</summary>
public sealed record LiveFigures(string Currency, DateTimeOffset At, SalesTotals Today, SalesTotals ThisHour, IReadOnlyList<LiveOrder> RecentOrders);

/// <summary>
/// This instance's live streams. While anyone listens, it reads <c>analytics_version</c> every
/// <see cref="AnalyticsOptions.LivePollMilliseconds"/>; the version goes up with every counted message, whichever instance
/// counted it, so every instance sees every instance's sales. On a change the figures are read once per currency and
/// handed to each listener (one read however many dashboards are open); a listener that is slow gets the latest only.
/// </summary>
internal sealed class LiveFeed(IServiceScopeFactory scopes, TimeProvider clock, IOptions<AnalyticsOptions> options, ILogger<LiveFeed> logger)
    : BackgroundService
{
    public const int RecentOrders = 10;
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    private sealed record Listener(string Currency, Channel<LiveFigures> Changes);

    private readonly Lock _gate = new();
    private readonly List<Listener> _listeners = [];
    private long _version = -1;

    public async IAsyncEnumerable<SseItem<LiveFigures?>> StreamAsync(string currency, [EnumeratorCancellation] CancellationToken ct)
    {
        var listener = new Listener(currency, Channel.CreateBounded<LiveFigures>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest }));
        lock (_gate) _listeners.Add(listener);
        try
        {
            yield return new SseItem<LiveFigures?>(await ReadAsync(currency, ct), "snapshot");
            while (true)
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
                quiet.CancelAfter(Heartbeat);
                LiveFigures? figures = null;
                try { figures = await listener.Changes.Reader.ReadAsync(quiet.Token); }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested) { } // nothing for a while: keep proxies from closing it
                yield return figures is null ? new SseItem<LiveFigures?>(null, "heartbeat") : new SseItem<LiveFigures?>(figures, "change");
            }
        }
        finally
        {
            lock (_gate) _listeners.Remove(listener);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.LivePollMilliseconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await PollAsync(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Live analytics poll failed; will retry"); }
        }
    }

    /// <summary>One look at the version; on a change, the figures to every listener.</summary>
    public async Task PollAsync(CancellationToken ct)
    {
        List<Listener> listeners;
        lock (_gate) listeners = [.. _listeners];
        if (listeners.Count == 0) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
        var version = await db.AnalyticsVersions.AsNoTracking().Where(v => v.Id == 1).Select(v => v.Version).FirstOrDefaultAsync(ct);
        if (version == Interlocked.Exchange(ref _version, version)) return;
        foreach (var group in listeners.GroupBy(l => l.Currency))
        {
            var figures = await ReadAsync(db, group.Key, ct);
            foreach (var listener in group) listener.Changes.Writer.TryWrite(figures);
        }
    }

    private async Task<LiveFigures> ReadAsync(string currency, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await ReadAsync(scope.ServiceProvider.GetRequiredService<EngineRoomDb>(), currency, ct);
    }

    private async Task<LiveFigures> ReadAsync(EngineRoomDb db, string currency, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (day, hour) = (Tally.Truncate(now, Grain.Day), Tally.Truncate(now, Grain.Hour));
        var rows = await db.SalesRollups.AsNoTracking()
            .Where(s => s.Currency == currency && ((s.Grain == Grain.Day && s.Start == day) || (s.Grain == Grain.Hour && s.Start == hour)))
            .ToListAsync(ct);
        var recent = await OrderFacts.RecentAsync(db, RecentOrders, ct);
        return new LiveFigures(currency, now, SalesTotals.From(rows.Where(r => r.Grain == Grain.Day).ToList()),
            SalesTotals.From(rows.Where(r => r.Grain == Grain.Hour).ToList()),
            recent.Select(o => new LiveOrder(o.Id, Number(o.Id), o.Total, o.Currency, o.PlacedAt)).ToList());
    }

    /// <summary>The short reference staff read out: the last 8 characters of the order's id (its random part), upper case.</summary>
    public static string Number(Guid orderId) => orderId.ToString("N")[^8..].ToUpperInvariant();
}
