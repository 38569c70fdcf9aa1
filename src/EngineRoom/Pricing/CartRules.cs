using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Pricing;

/// <summary>What a cart may ask of Pricing before it keeps a choice: is this code usable now, is this shipping offered.</summary>
public static class CartRules
{
    /// <param name="Refusal">Why the code cannot be used (unknown_code, not_started, expired, usage_limit_reached), or null.</param>
    public sealed record CodeJudgement(string Code, string? Refusal, bool Combinable);

    public static async Task<CodeJudgement> JudgeCodeAsync(EngineRoomDb db, string code, DateTimeOffset now, CancellationToken ct)
    {
        code = Discount.NormalizeCode(code);
        var discount = await db.Discounts.AsNoTracking().SingleOrDefaultAsync(d => d.Code == code && d.Active, ct);
        var refusal = discount switch
        {
            null => "unknown_code",
            { StartsAt: { } starts } when now < starts => "not_started",
            { EndsAt: { } ends } when now >= ends => "expired",
            { UsageLimit: { } limit, TimesUsed: var used } when used >= limit => "usage_limit_reached",
            _ => null,
        };
        return new CodeJudgement(code, refusal, discount?.Combinable ?? false);
    }

    /// <summary>Whether every one of these codes combines with others.</summary>
    public static async Task<bool> AllCombinableAsync(EngineRoomDb db, IReadOnlyCollection<string> codes, CancellationToken ct) =>
        codes.Count == 0 || await db.Discounts.AsNoTracking().Where(d => codes.Contains(d.Code!)).AllAsync(d => d.Combinable, ct);

    public static Task<bool> ShippingOfferedAsync(EngineRoomDb db, string method, string currency, CancellationToken ct) =>
        db.ShippingMethods.AnyAsync(m => m.Code == method && m.Currency == currency && m.Active, ct);
}
