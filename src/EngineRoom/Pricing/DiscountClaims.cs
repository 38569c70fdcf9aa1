using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Pricing;

/// <summary>
/// Uses of a discount, claimed by a checkout attempt before it pays, and released if the attempt fails (a completed
/// attempt's uses are its order's, with no further write). The total and
/// per-customer limits are each decided by one conditional UPDATE (or an insert under the primary key), so 50
/// concurrent checkouts with a 5-use code give exactly 5 claims.
/// </summary>
public static class DiscountClaims
{
    /// <summary>
    /// Claims one use; false when a limit is reached. Runs inside the caller's transaction. A limited code is counted by
    /// one conditional UPDATE of its row (which decides the race for the last use). An unlimited code touches no shared
    /// row: counting it there would make every checkout using it wait on that one row lock, so its uses are its
    /// redemptions (<see cref="DiscountUsage"/>), and its TimesUsed is only set when a limit is put on it.
    /// </summary>
    public static async Task<bool> ClaimAsync(EngineRoomDb db, Discount discount, Guid attemptId, string customerKey, DateTimeOffset now, CancellationToken ct)
    {
        var unlimited = discount.UsageLimit is null && await db.Discounts.AnyAsync(d => d.Id == discount.Id && d.UsageLimit == null, ct);
        if (!unlimited && await db.Discounts
                .Where(d => d.Id == discount.Id && d.UsageLimit != null && d.TimesUsed < d.UsageLimit)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.TimesUsed, d => d.TimesUsed + 1), ct) == 0)
            return false;

        if (discount.PerCustomerLimit is { } limit && !await ClaimForCustomerAsync(db, discount.Id, customerKey, limit, ct)) return false;
        db.DiscountRedemptions.Add(new DiscountRedemption
        {
            Id = Guid.CreateVersion7(now), DiscountId = discount.Id, AttemptId = attemptId, CustomerKey = customerKey,
            Status = RedemptionStatus.Claimed, CreatedAt = now,
        });
        return true;
    }

    /// <summary>
    /// The checkout's claims, added to its hold batch: one use of each discount applied, decided as in
    /// <see cref="ClaimAsync"/> (a limited code by one conditional UPDATE of its row, an unlimited one by no write to
    /// it; a per-customer limit by one upsert that only counts below the limit), and a claimed redemption for each.
    /// Read <see cref="DiscountClaim.Refused"/> after the batch ran; the caller rolls back when it is not null.
    /// </summary>
    public static DiscountClaim Claim(SqlBatch batch, IReadOnlyList<Discount> discounts, Guid attemptId, string customerKey, DateTimeOffset now)
    {
        var checks = new List<(Discount Discount, SqlBatch.Statement Statement)>();
        foreach (var discount in discounts)
        {
            checks.Add((discount, discount.UsageLimit is null
                // Still unlimited? A limit set since pricing read it must be counted: refused here, the caller's slow path counts it.
                ? batch.Add("""SELECT 1 FROM pricing_discounts WHERE "Id" = {0} AND "UsageLimit" IS NULL""", discount.Id)
                : batch.Add("""
                    UPDATE pricing_discounts SET "TimesUsed" = "TimesUsed" + 1
                    WHERE "Id" = {0} AND "UsageLimit" IS NOT NULL AND "TimesUsed" < "UsageLimit"
                    """, discount.Id)));
            if (discount.PerCustomerLimit is { } limit)
                checks.Add((discount, batch.Add("""
                    INSERT INTO pricing_discount_customer_usage ("DiscountId", "CustomerKey", "Count") VALUES ({0}, {1}, 1)
                    ON CONFLICT ("DiscountId", "CustomerKey") DO UPDATE SET "Count" = pricing_discount_customer_usage."Count" + 1
                    WHERE pricing_discount_customer_usage."Count" < {2}
                    """, discount.Id, customerKey, limit)));
        }
        if (discounts.Count > 0)
            batch.Add($"""
                INSERT INTO pricing_discount_redemptions ("Id", "DiscountId", "AttemptId", "CustomerKey", "Status", "CreatedAt")
                VALUES {SqlBatch.Rows(discounts.Count, 6)}
                """, discounts.SelectMany(d => new object?[] { Guid.CreateVersion7(now), d.Id, attemptId, customerKey, (int)RedemptionStatus.Claimed, now }).ToArray());
        return new DiscountClaim(checks);
    }

    public sealed class DiscountClaim(List<(Discount Discount, SqlBatch.Statement Statement)> checks)
    {
        /// <summary>The first discount whose use could not be claimed, or null when every one was.</summary>
        public Discount? Refused => checks.FirstOrDefault(c => c.Statement.RowsAffected != 1 && c.Statement.Rows.Count != 1).Discount;
    }

    private static async Task<bool> ClaimForCustomerAsync(EngineRoomDb db, Guid discountId, string customerKey, int limit, CancellationToken ct)
    {
        var usage = db.DiscountCustomerUsages.Where(u => u.DiscountId == discountId && u.CustomerKey == customerKey);
        if (await usage.Where(u => u.Count < limit).ExecuteUpdateAsync(s => s.SetProperty(u => u.Count, u => u.Count + 1), ct) == 1) return true;
        if (await usage.AnyAsync(ct)) return false;
        // First use by this customer. Inside the caller's transaction a concurrent first use by the same customer
        // fails on the primary key, which aborts that checkout: one of the two gets the use, never both.
        db.DiscountCustomerUsages.Add(new DiscountCustomerUsage { DiscountId = discountId, CustomerKey = customerKey, Count = 1 });
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Gives back the uses an attempt claimed. The caller calls it only for an attempt that did not complete (in the
    /// transaction that marks it failed). Safe to repeat, and with several instances at once.
    /// </summary>
    public static async Task ReleaseAsync(EngineRoomDb db, Guid attemptId, CancellationToken ct)
    {
        var held = await db.DiscountRedemptions.AsNoTracking()
            .Where(r => r.AttemptId == attemptId && r.Status == RedemptionStatus.Claimed).ToListAsync(ct);
        foreach (var r in held)
        {
            if (await db.DiscountRedemptions.Where(x => x.Id == r.Id && x.Status == RedemptionStatus.Claimed)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, RedemptionStatus.Released), ct) == 0) continue;
            await db.Discounts.Where(d => d.Id == r.DiscountId && d.UsageLimit != null && d.TimesUsed > 0)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.TimesUsed, d => d.TimesUsed - 1), ct);
            await db.DiscountCustomerUsages.Where(u => u.DiscountId == r.DiscountId && u.CustomerKey == r.CustomerKey && u.Count > 0)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.Count, u => u.Count - 1), ct);
        }
    }
}

/// <summary>How many times discounts have been used: the limit counter for a limited one, its live redemptions otherwise.</summary>
public static class DiscountUsage
{
    public static async Task<int> CountAsync(EngineRoomDb db, Discount discount, CancellationToken ct) =>
        (await CountAsync(db, [discount], ct))[discount.Id];

    public static async Task<Dictionary<Guid, int>> CountAsync(EngineRoomDb db, IReadOnlyCollection<Discount> discounts, CancellationToken ct)
    {
        var unlimited = discounts.Where(d => d.UsageLimit is null).Select(d => d.Id).ToList();
        var redeemed = unlimited.Count == 0 ? [] : await db.DiscountRedemptions
            .Where(r => unlimited.Contains(r.DiscountId) && r.Status != RedemptionStatus.Released)
            .GroupBy(r => r.DiscountId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return discounts.ToDictionary(d => d.Id, d => d.UsageLimit is null ? redeemed.GetValueOrDefault(d.Id) : d.TimesUsed);
    }
}
