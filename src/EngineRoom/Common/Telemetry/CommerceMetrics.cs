using System.Diagnostics;
using System.Diagnostics.Metrics;
using EngineRoom.Common.Outbox;
using EngineRoom.Data;
using EngineRoom.Payments;

namespace EngineRoom.Common.Telemetry;

/// <summary>
/// Every business metric an operator watches, in one place. Recording is an in-memory add (no I/O), so the hot path pays
/// next to nothing; only the outbox lag reads the database, once per collection (a scrape or an export), never per request.
/// Tag values come from small fixed sets (currency, channel, outcome, provider decline code) so series stay few.
/// </summary>
internal sealed class CommerceMetrics
{
    public const string MeterName = "EngineRoom";

    private readonly Counter<long> _ordersPlaced;
    private readonly Counter<long> _revenue;
    private readonly Histogram<double> _checkoutDuration;
    private readonly Counter<long> _payments;
    private readonly Counter<long> _outOfStock;
    private readonly Counter<long> _idempotentReplays;
    private readonly Histogram<double> _outboxDispatchDelay;
    private readonly Counter<long> _reservationsExpired;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;

    public CommerceMetrics(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider clock)
    {
        _scopes = scopes;
        _clock = clock;
        var meter = meters.Create(MeterName);
        // Seconds from a few milliseconds to the payment provider's worst case; the SDK's default buckets are for milliseconds.
        var seconds = new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] };
        _ordersPlaced = meter.CreateCounter<long>("engineroom.orders.placed", "{order}", "Orders recorded, by currency and channel (buy_now, cart).");
        _revenue = meter.CreateCounter<long>("engineroom.orders.revenue", "{minor_unit}", "Order totals placed, in minor units of the currency.");
        _checkoutDuration = meter.CreateHistogram("engineroom.checkout.duration", "s", "Time to answer a checkout, by channel and outcome.", advice: seconds);
        _payments = meter.CreateCounter<long>("engineroom.payments.authorizations", "{authorization}",
            "Payment authorizations by outcome (approved, declined, error, timeout) and decline code.");
        _outOfStock = meter.CreateCounter<long>("engineroom.checkout.out_of_stock", "{checkout}", "Checkouts refused for lack of stock.");
        _idempotentReplays = meter.CreateCounter<long>("engineroom.idempotency.replays", "{request}", "Retries answered with the stored response.");
        _outboxDispatchDelay = meter.CreateHistogram("engineroom.outbox.dispatch_delay", "s", "From an event's commit to its delivery.", advice: seconds);
        meter.CreateObservableGauge("engineroom.outbox.lag", ObserveOutboxLag, "s", "Age of the oldest event not yet delivered.");
        _reservationsExpired = meter.CreateCounter<long>("engineroom.inventory.reservations_expired", "{reservation}",
            "Stock reservations released by the sweeper after they expired.");
    }

    public void CheckoutFinished(string channel, string outcome, string currency, long total, long startedAt)
    {
        var channelTag = new KeyValuePair<string, object?>("channel", channel);
        _checkoutDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, channelTag, new("outcome", outcome));
        if (outcome == "placed")
        {
            _ordersPlaced.Add(1, new("currency", currency), channelTag);
            _revenue.Add(total, new KeyValuePair<string, object?>("currency", currency));
        }
        else if (outcome == "out_of_stock") _outOfStock.Add(1, channelTag);
    }

    public void PaymentAuthorized(PaymentResult result)
    {
        if (result.Succeeded) _payments.Add(1, new KeyValuePair<string, object?>("outcome", "approved"));
        else if (result.State == PaymentState.Declined) _payments.Add(1, new("outcome", "declined"), new("decline_code", result.DeclineCode ?? "unknown"));
        else _payments.Add(1, new KeyValuePair<string, object?>("outcome", "error"));
    }

    public void PaymentTimedOut() => _payments.Add(1, new KeyValuePair<string, object?>("outcome", "timeout"));

    public void IdempotentReplay() => _idempotentReplays.Add(1);

    public void OutboxDelivered(DateTimeOffset occurredAt) => _outboxDispatchDelay.Record((_clock.GetUtcNow() - occurredAt).TotalSeconds);

    public void ReservationsExpired(int count) => _reservationsExpired.Add(count);

    // Read at collection time only: one index seek on (DispatchedAt, OccurredAt). Nothing is reported while no consumer is
    // registered (the outbox then waits on purpose). Messages given up after their last attempt still count: they need an operator.
    private IEnumerable<Measurement<double>> ObserveOutboxLag()
    {
        try
        {
            using var scope = _scopes.CreateScope();
            if (!scope.ServiceProvider.GetServices<IOutboxHandler>().Any()) return [];
            var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
            var oldest = db.OutboxMessages.Where(m => m.DispatchedAt == null).OrderBy(m => m.OccurredAt)
                .Select(m => (DateTimeOffset?)m.OccurredAt).FirstOrDefault();
            return [new(oldest is { } at ? Math.Max(0, (_clock.GetUtcNow() - at).TotalSeconds) : 0)];
        }
        catch (Exception)
        {
            return []; // a database hiccup must not break the whole scrape; the gap in the series shows it
        }
    }
}
