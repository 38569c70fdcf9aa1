using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Pricing;

/// <summary>
/// Uses of a discount, claimed by a checkout attempt before it pays and then consumed or released. The total and
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
            Status = RedemptionStatus.Held, CreatedAt = now,
        });
        return true;
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

    public static Task<int> ConsumeAsync(EngineRoomDb db, Guid attemptId, Guid orderId, CancellationToken ct) =>
        db.DiscountRedemptions.Where(r => r.AttemptId == attemptId && r.Status == RedemptionStatus.Held)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RedemptionStatus.Consumed).SetProperty(r => r.OrderId, orderId), ct);

    /// <summary>Gives back the uses an attempt holds. Safe to repeat, and with several instances at once.</summary>
    public static async Task ReleaseAsync(EngineRoomDb db, Guid attemptId, CancellationToken ct)
    {
        var held = await db.DiscountRedemptions.AsNoTracking()
            .Where(r => r.AttemptId == attemptId && r.Status == RedemptionStatus.Held).ToListAsync(ct);
        foreach (var r in held)
        {
            if (await db.DiscountRedemptions.Where(x => x.Id == r.Id && x.Status == RedemptionStatus.Held)
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
