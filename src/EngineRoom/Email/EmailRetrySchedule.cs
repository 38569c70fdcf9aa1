namespace EngineRoom.Email;

/// <summary>
/// When a failed message is tried again: <see cref="EmailOptions.RetryBaseSeconds"/> doubled after each failure, at most
/// <see cref="EmailOptions.RetryMaxMinutes"/>, spread by ±20% of jitter so that messages queued while a server was down
/// do not all return in the same second. With the defaults (30 s, 120 min, 10 attempts) the waits are 30 s, 1, 2, 4, 8,
/// 16, 32, 64 and 120 min: the tenth and last attempt comes about 4 h 8 min after the first (docs/email.md).
/// </summary>
internal static class EmailRetrySchedule
{
    /// <summary>The wait after failed attempt number <paramref name="attempts"/> (1-based), or null when it was the last.</summary>
    public static TimeSpan? After(int attempts, EmailOptions o)
    {
        if (attempts < 1 || attempts >= o.MaxAttempts) return null;
        var nominal = Math.Min(o.RetryBaseSeconds * Math.Pow(2, Math.Min(attempts - 1, 30)), o.RetryMaxMinutes * 60);
        return TimeSpan.FromSeconds(nominal * (0.8 + 0.4 * Random.Shared.NextDouble()));
    }
}
