using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.Extensions.Options;

namespace EngineRoom.Analytics;

/// <summary>
/// The funnel's facts that no event carries (checkouts started and how they ended, payment outcomes by decline code),
/// heard from the checkout's own metrics (<c>engineroom.checkout.duration</c>, <c>engineroom.payments.authorizations</c>)
/// as they are recorded: an in-memory add on the request's path, no statement. Every <see cref="AnalyticsOptions.FlushSeconds"/>
/// the counts go to <c>analytics_funnel</c> in one upsert batch; a crash loses at most that interval's counts.
/// </summary>
internal sealed class CheckoutCounters : BackgroundService
{
    private readonly ConcurrentDictionary<(DateTimeOffset Hour, string Metric), long> _pending = new();
    private readonly MeterListener _listener = new();
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly IOptions<AnalyticsOptions> _options;
    private readonly ILogger<CheckoutCounters> _logger;

    public CheckoutCounters(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider clock, IOptions<AnalyticsOptions> options, ILogger<CheckoutCounters> logger)
    {
        (_scopes, _clock, _options, _logger) = (scopes, clock, options, logger);
        // Only this host's meters: two hosts in one process (the tests) each count their own.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name is "engineroom.checkout.duration" or "engineroom.payments.authorizations")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Checkout(tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Payment(value, tags));
        _listener.Start();
    }

    private void Checkout(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var (channel, outcome) = (Tag(tags, "channel"), Tag(tags, "outcome"));
        var buyNow = channel == "buy_now";
        Add(buyNow ? Funnel.BuyNowAttempts : Funnel.CheckoutsStarted, 1);
        if (buyNow && outcome == "placed") Add(Funnel.BuyNowOrders, 1);
    }

    private void Payment(long count, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var outcome = Tag(tags, "outcome");
        Add(Funnel.PaymentPrefix + (outcome == "declined" ? Tag(tags, "decline_code") ?? "unknown" : outcome ?? "unknown"), count);
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags) if (tag.Key == name) return tag.Value as string;
        return null;
    }

    private void Add(string metric, long count) =>
        _pending.AddOrUpdate((Tally.Truncate(_clock.GetUtcNow(), Grain.Hour), metric[..Math.Min(metric.Length, 80)]), count, (_, n) => n + count);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(_clock, TimeSpan.FromSeconds(_options.Value.FlushSeconds), FlushAsync, _logger, "Analytics counter flush", stoppingToken);

    /// <summary>Writes what was counted since the last flush (the tests call it instead of waiting).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        var tally = new Tally();
        foreach (var key in _pending.Keys)
            if (_pending.TryRemove(key, out var count)) tally.FunnelRows[new(key.Hour, key.Metric)] = count;
        if (tally.FunnelRows.Count == 0) return;
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
        try
        {
            await db.InTransactionAsync(async () =>
            {
                var batch = new SqlBatch(db);
                RollupWriter.Add(batch, tally);
                await batch.ExecuteAsync(ct);
                return 0;
            }, _ => false, ct);
        }
        catch (Exception)
        {
            foreach (var (key, count) in tally.FunnelRows) _pending.AddOrUpdate((key.Start, key.Metric), count, (_, n) => n + count); // the next flush tries again
            throw;
        }
    }

    public override void Dispose()
    {
        _listener.Dispose();
        base.Dispose();
    }
}
