using System.Globalization;
using EngineRoom.Common;

namespace EngineRoom.Ledger;

/// <summary>
/// Query parameters read by hand, so a bad value is a 400 naming its field (the binder's own failure names none).
/// Each returns the problem, or null with the parsed value.
/// </summary>
internal static class LedgerInput
{
    public static ProblemHttpResult? Instant(string field, string? value, out DateTimeOffset? instant)
    {
        instant = null;
        if (value is null) return null;
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return Problems.Validation(field, $"'{field}' must be an ISO 8601 date or time, e.g. 2026-11-23T10:00:00Z (a '+' offset must be URL-encoded as %2B).");
        instant = parsed.ToUniversalTime();
        return null;
    }

    public static ProblemHttpResult? Day(string field, string? value, out DateOnly? day)
    {
        day = null;
        if (value is null) return null;
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            return Problems.Validation(field, $"'{field}' must be a date as YYYY-MM-DD, e.g. 2026-11-23.");
        day = parsed;
        return null;
    }

    public static ProblemHttpResult? Id(string field, string? value, out Guid? id)
    {
        id = null;
        if (value is null) return null;
        if (!Guid.TryParse(value, out var parsed)) return Problems.Validation(field, $"'{field}' must be a UUID.");
        id = parsed;
        return null;
    }

    public static ProblemHttpResult? Currency(string? value, out string? currency)
    {
        currency = value?.Trim().ToUpperInvariant();
        return currency is null || Currencies.IsKnown(currency) ? null
            : Problems.Validation("currency", "'currency' must be a known ISO 4217 code, e.g. USD.");
    }

    public static ProblemHttpResult? Account(string? value) => value is null || Accounts.IsKnown(value) ? null
        : Problems.Validation("account", $"Unknown account '{value}'. Accounts: {string.Join(", ", Accounts.NormalBalances.Keys)}.");
}
