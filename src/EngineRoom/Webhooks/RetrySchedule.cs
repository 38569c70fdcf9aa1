namespace EngineRoom.Webhooks;

/// <summary>
/// When a failed delivery is tried again: Standard Webhooks' example schedule, each delay spread by ±20% of jitter so
/// that a receiver coming back is not hit by every retry in the same second. Ten attempts over about three days
/// (75.6 hours without jitter); after the tenth failure the delivery is <see cref="DeliveryStatus.Failed"/> and waits
/// for a replay. A <c>Retry-After</c> longer than the next delay (at most a day) is honoured.
/// </summary>
public static class RetrySchedule
{
    public static readonly TimeSpan[] Delays =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5),
        TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24),
    ];

    public static int MaxAttempts => Delays.Length + 1;

    /// <summary>The wait after failed attempt number <paramref name="attempts"/> (1-based), or null when it was the last.</summary>
    public static TimeSpan? After(int attempts, TimeSpan? retryAfter = null)
    {
        if (attempts < 1 || attempts > Delays.Length) return null;
        var delay = Delays[attempts - 1] * (0.8 + 0.4 * Random.Shared.NextDouble());
        return retryAfter is { } asked && asked > delay ? TimeSpan.FromTicks(Math.Min(asked.Ticks, TimeSpan.FromDays(1).Ticks)) : delay;
    }
}
