using EngineRoom.Common;
using EngineRoom.Ledger;

namespace EngineRoom.Analytics;

/// <summary>A range of whole buckets, <c>[From, To)</c>, in UTC.</summary>
internal sealed record Range(DateTimeOffset From, DateTimeOffset To, Grain Grain);

/// <summary>Query parameters read by hand, so that a bad value is a 400 naming its field.</summary>
internal static class AnalyticsInput
{
    public const int MaxPoints = 10_000;

    /// <summary>
    /// <c>from</c>/<c>to</c> as ISO 8601 instants (default: the last day to now), widened to whole buckets of the
    /// interval: <c>from</c> down, <c>to</c> up.
    /// </summary>
    public static ProblemHttpResult? Range(string? from, string? to, string? interval, DateTimeOffset now, out Range range)
    {
        range = new Range(now, now, Grain.Hour);
        Grain grain;
        switch (interval?.Trim().ToLowerInvariant())
        {
            case null or "hour": grain = Grain.Hour; break;
            case "minute": grain = Grain.Minute; break;
            case "day": grain = Grain.Day; break;
            default: return Problems.Validation("interval", "'interval' must be minute, hour or day.");
        }
        if (LedgerInput.Instant("from", from, out var start) is { } badFrom) return badFrom;
        if (LedgerInput.Instant("to", to, out var end) is { } badTo) return badTo;
        if (OutOfRange(start)) return Problems.Validation("from", "'from' must be between the years 1970 and 9998.");
        if (OutOfRange(end)) return Problems.Validation("to", "'to' must be between the years 1970 and 9998.");
        var until = end ?? now;
        var since = start ?? until.AddDays(-1);
        if (since >= until) return Problems.Validation("to", "'to' must be later than 'from'.");
        var first = Tally.Truncate(since, grain);
        var last = Tally.Truncate(until, grain);
        if (last < until) last = Next(last, grain);
        if ((last - first) / Step(grain) > MaxPoints)
            return Problems.Create(StatusCodes.Status400BadRequest, "range_too_large",
                $"That range has more than {MaxPoints} {grain.ToString().ToLowerInvariant()}s: choose a larger interval or a shorter range.");
        range = new Range(first, last, grain);
        return null;
    }

    public static ProblemHttpResult? Currency(string? value, string fallback, out string currency)
    {
        currency = value?.Trim().ToUpperInvariant() ?? fallback;
        return Currencies.IsKnown(currency) ? null : Problems.Validation("currency", "'currency' must be a known ISO 4217 code, e.g. USD.");
    }

    private static bool OutOfRange(DateTimeOffset? at) => at is { Year: < 1970 or > 9998 };

    public static TimeSpan Step(Grain grain) => grain switch
    {
        Grain.Minute => TimeSpan.FromMinutes(1), Grain.Hour => TimeSpan.FromHours(1), _ => TimeSpan.FromDays(1),
    };

    public static DateTimeOffset Next(DateTimeOffset start, Grain grain) => start + Step(grain);
}
