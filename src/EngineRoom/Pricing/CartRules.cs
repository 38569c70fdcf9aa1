using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Pricing;

/// <summary>What a cart may ask of Pricing before it keeps a choice: is this code usable now, is this shipping offered.</summary>
public static class CartRules
{
    /// <param name="Refusal">Why the code cannot be used (unknown_code, not_started, expired, usage_limit_reached), or null.</param>
    public sealed record CodeJudgement(string Code, string? Refusal, bool Combinable);

    /// <summary>Reads an active discount by its code, as one statement of a <see cref="SqlBatch"/>; judge once it ran.</summary>
    public static CodeRead ReadCode(SqlBatch batch, string code)
    {
        code = Discount.NormalizeCode(code);
        return new(code, batch.Add($$"""SELECT {{Discount.Columns}} FROM pricing_discounts WHERE "Code" = {0} AND "Active" """, code));
    }

    public sealed class CodeRead(string code, SqlBatch.Statement select)
    {
        public CodeJudgement Judge(DateTimeOffset now) => CartRules.Judge(code, select.Rows.Select(Discount.FromRow).SingleOrDefault(), now);
    }

    private static CodeJudgement Judge(string code, Discount? discount, DateTimeOffset now)
    {
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

    /// <summary>Whether every one of these codes combines with others, as one statement of a <see cref="SqlBatch"/>; read <see cref="CombinableRead.All"/> once it ran.</summary>
    public static CombinableRead ReadCombinable(SqlBatch batch, IReadOnlyCollection<string> codes) =>
        new(codes.Count == 0 ? null : batch.Add($"""
            SELECT COUNT(*) FROM pricing_discounts WHERE NOT "Combinable" AND "Code" IN ({SqlBatch.List(codes.Count)})
            """, [.. codes]));

    public sealed class CombinableRead(SqlBatch.Statement? count)
    {
        public bool All => count is null || SqlValues.Long(count.Rows[0][0]) == 0;
    }

    public static Task<bool> ShippingOfferedAsync(EngineRoomDb db, string method, string currency, CancellationToken ct) =>
        db.ShippingMethods.AnyAsync(m => m.Code == method && m.Currency == currency && m.Active, ct);
}
