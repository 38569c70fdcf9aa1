using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace EngineRoom.GraphQL;

/// <summary>What a response reports of the cost, in Shopify's shape (extensions.cost).</summary>
internal sealed record CostReport(int RequestedQueryCost, ThrottleStatus ThrottleStatus);

internal sealed record ThrottleStatus(int MaximumAvailable, double CurrentlyAvailable, int RestoreRate);

/// <summary>
/// Each client's bucket of cost points (Shopify's leaky bucket): a document takes its cost, and points come back at a
/// steady rate up to the maximum. A document costing more than what is left is refused THROTTLED, having run nothing.
/// A client is the signed-in account, or else the address. Per instance, like the REST abuse limits (decision 0007).
/// </summary>
internal sealed class CostBudget(IOptions<GraphQLOptions> options, TimeProvider clock)
{
    private sealed class Bucket(double points, long at)
    {
        public double Points = points;
        public long At = at;
    }

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new();

    /// <summary>Takes <paramref name="cost"/> points; false when the bucket holds fewer.</summary>
    public bool TryTake(string client, int cost, out ThrottleStatus status)
    {
        var o = options.Value;
        var now = clock.GetTimestamp();
        if (_buckets.Count > 100_000) Sweep(now);
        var bucket = _buckets.GetOrAdd(client, _ => new Bucket(o.BudgetMaximum, now));
        lock (bucket)
        {
            var seconds = clock.GetElapsedTime(bucket.At, now).TotalSeconds;
            bucket.Points = Math.Min(o.BudgetMaximum, bucket.Points + seconds * o.BudgetRestorePerSecond);
            bucket.At = now;
            var taken = bucket.Points >= cost;
            if (taken) bucket.Points -= cost;
            status = new ThrottleStatus(o.BudgetMaximum, Math.Floor(bucket.Points), o.BudgetRestorePerSecond);
            return taken;
        }
    }

    /// <summary>What the client has left, taking nothing.</summary>
    public ThrottleStatus Peek(string client)
    {
        TryTake(client, 0, out var status);
        return status;
    }

    // Buckets that have filled up again hold nothing worth keeping.
    private void Sweep(long now)
    {
        var o = options.Value;
        foreach (var (client, bucket) in _buckets)
            if (bucket.Points + clock.GetElapsedTime(bucket.At, now).TotalSeconds * o.BudgetRestorePerSecond >= o.BudgetMaximum)
                _buckets.TryRemove(client, out _);
    }
}
