using EngineRoom.Checkout;
using EngineRoom.Data;
using EngineRoom.Inventory;
using EngineRoom.Ledger;
using Microsoft.EntityFrameworkCore;

sealed record Check(string Name, bool Ok, string Detail);

/// <summary>The invariants, read straight from the database after a scenario (the same ones the tests assert).</summary>
static class Checks
{
    public static async Task<List<Check>> RunAsync(Func<EngineRoomDb> open, IReadOnlyCollection<string> answeredOrders, int ordersBefore,
        bool answersMayBeLost, BenchData data, int? flashOrders)
    {
        await using var db = open();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(2));
        var checks = new List<Check>();

        var levels = await db.StockLevels.AsNoTracking().ToListAsync();
        var moved = await db.StockMovements.GroupBy(m => new { m.Sku, m.LocationId }).Select(g => new { g.Key.Sku, g.Key.LocationId, Sum = g.Sum(m => m.Delta) })
            .ToDictionaryAsync(x => (x.Sku, x.LocationId), x => x.Sum);
        var held = (await db.CheckoutAttempts.Where(a => a.Hold == HoldState.Held).Select(a => a.Holds).ToListAsync())
            .SelectMany(StockHeld.Read).GroupBy(h => (h.Sku, h.LocationId)).ToDictionary(g => g.Key, g => g.Sum(h => (long)h.Quantity));
        var negative = levels.Where(l => l.OnHand < 0 || l.Reserved < 0 || l.Reserved > l.OnHand).Select(l => l.Sku).ToList();
        checks.Add(new("no oversell (on hand >= reserved >= 0)", negative.Count == 0, negative.Count == 0 ? $"{levels.Count} stock levels" : string.Join(", ", negative.Take(5))));
        var drift = levels.Where(l => moved.GetValueOrDefault((l.Sku, l.LocationId)) != l.OnHand).Select(l => l.Sku).ToList();
        checks.Add(new("on hand = sum of movements", drift.Count == 0, drift.Count == 0 ? "every SKU" : string.Join(", ", drift.Take(5))));
        var unheld = levels.Where(l => held.GetValueOrDefault((l.Sku, l.LocationId)) != l.Reserved).Select(l => l.Sku).ToList();
        checks.Add(new("reserved = what attempts hold", unheld.Count == 0, unheld.Count == 0 ? "every SKU" : string.Join(", ", unheld.Take(5))));

        var total = await db.Postings.SumAsync(p => (long?)p.Amount) ?? 0;
        var unbalanced = await db.Postings.GroupBy(p => p.EntryId).Where(g => g.Sum(p => p.Amount) != 0).CountAsync();
        checks.Add(new("ledger balanced", total == 0 && unbalanced == 0, $"postings sum {total}, {unbalanced} unbalanced entries"));

        var orders = await db.Orders.AsNoTracking().Select(o => new { o.Id, o.Total }).ToListAsync();
        var ids = orders.Select(o => o.Id.ToString()).ToHashSet();
        var lost = answeredOrders.Where(id => !ids.Contains(id)).ToList();
        var made = orders.Count - ordersBefore;
        checks.Add(new("orders = successful answers", lost.Count == 0 && (answersMayBeLost ? made >= answeredOrders.Count : made == answeredOrders.Count),
            $"{answeredOrders.Count} answered 2xx, {made} recorded, {lost.Count} answered but missing"));

        // The sandbox's books live in each server's memory now (a remote provider's, not the shop's): one charge per key
        // and no kept charge without an order are proven by the tests (BuyNowTests, DatabaseCutTests) and reconciliation.
        var paymentsPerOrder = await db.Payments.GroupBy(p => p.OrderId).Where(g => g.Count() > 1).CountAsync();
        var unpaid = await db.Orders.CountAsync(o => o.Total > 0 && !db.Payments.Any(p => p.OrderId == o.Id));
        var inFlight = await db.CheckoutAttempts.CountAsync(a => a.Status == AttemptStatus.Authorizing || a.Status == AttemptStatus.Recovering);
        checks.Add(new("one payment per order, none without", paymentsPerOrder == 0 && unpaid == 0,
            $"{paymentsPerOrder} orders paid twice, {unpaid} orders without a payment, {inFlight} attempts in flight"));

        if (flashOrders is { } expected)
        {
            var sold = await db.OrderLines.Where(l => l.Sku == data.FlashSku).SumAsync(l => (int?)l.Quantity) ?? 0;
            var left = levels.Single(l => l.Sku == data.FlashSku).OnHand;
            checks.Add(new($"flash sale: exactly {expected} sold", sold == expected && left == data.FlashStock - expected,
                $"{sold} sold, {left} left on hand, {answeredOrders.Count} answered 2xx"));
        }
        return checks;
    }

    /// <summary>Waits until no checkout is in flight (after a kill, recovery resolves the orphans), up to a limit.</summary>
    public static async Task<bool> SettleAsync(Func<EngineRoomDb> open, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            await using var db = open();
            if (!await db.CheckoutAttempts.AnyAsync(a => a.Status == AttemptStatus.Authorizing || a.Status == AttemptStatus.Recovering)) return true;
            await Task.Delay(500);
        }
        return false;
    }
}
