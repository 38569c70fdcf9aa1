using EngineRoom.Inventory;
using EngineRoom.Ledger;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Infrastructure;

/// <summary>What must hold after anything, however concurrent: checked over the whole database.</summary>
public static class Invariants
{
    public static async Task AssertHoldAsync(EngineRoomApp app)
    {
        await app.QueryAsync(async db =>
        {
            var levels = await db.StockLevels.AsNoTracking().ToListAsync();
            var movements = await db.StockMovements.GroupBy(m => new { m.Sku, m.LocationId }).Select(g => new { g.Key.Sku, g.Key.LocationId, Sum = g.Sum(m => m.Delta) }).ToListAsync();
            // What checkout attempts hold (each carries its lines) is what the stock levels count as reserved.
            var held = (await db.CheckoutAttempts.Where(a => a.Hold == EngineRoom.Checkout.HoldState.Held).Select(a => a.Holds).ToListAsync())
                .SelectMany(StockHeld.Read).GroupBy(h => new { h.Sku, h.LocationId })
                .Select(g => new { g.Key.Sku, g.Key.LocationId, Sum = g.Sum(h => (long)h.Quantity) }).ToList();
            var backorder = (await db.InventoryItems.Where(i => i.AllowBackorder).Select(i => i.Sku).ToListAsync()).ToHashSet();
            foreach (var level in levels)
            {
                var moved = movements.SingleOrDefault(m => m.Sku == level.Sku && m.LocationId == level.LocationId)?.Sum ?? 0;
                Assert.True(level.OnHand == moved, $"{level.Sku}: on hand {level.OnHand} but movements sum to {moved}");
                Assert.True(level.Reserved >= 0, $"{level.Sku}: reserved {level.Reserved} < 0");
                Assert.True(backorder.Contains(level.Sku) || level.OnHand >= 0, $"{level.Sku}: on hand {level.OnHand} < 0 without backorder");
                var holding = held.SingleOrDefault(h => h.Sku == level.Sku && h.LocationId == level.LocationId)?.Sum ?? 0;
                Assert.True(level.Reserved == holding, $"{level.Sku}: reserved {level.Reserved} but held attempts sum to {holding}");
            }

            var unbalanced = await db.Postings.GroupBy(p => p.EntryId).Where(g => g.Sum(p => p.Amount) != 0).Select(g => g.Key).ToListAsync();
            Assert.True(unbalanced.Count == 0, $"Unbalanced journal entries: {string.Join(", ", unbalanced)}");
            Assert.Equal(0, await db.Postings.SumAsync(p => (long?)p.Amount) ?? 0);

            // The sale is each order's one order_placed entry. It debits the total to accounts_receivable, or to
            // payments_clearing when paid at once, never both; the receivable left is what was neither captured nor cancelled.
            var orders = await db.Orders.AsNoTracking().Select(o => new { o.Id, o.Total, Cancelled = o.CancelledAt != null }).ToListAsync();
            var entries = db.Postings.Join(db.JournalEntries, p => p.EntryId, e => e.Id, (p, e) => new { e.OrderId, e.Kind, p.Account, p.Amount });
            var sales = await db.JournalEntries.Where(e => e.Kind == SaleEntries.OrderPlacedKind).GroupBy(e => e.OrderId)
                .Select(g => new { OrderId = g.Key, Count = g.Count() }).ToListAsync();
            var debited = await entries.Where(x => x.Kind == SaleEntries.OrderPlacedKind && (x.Account == Accounts.AccountsReceivable || x.Account == Accounts.PaymentsClearing))
                .ToListAsync();
            var receivable = await entries.Where(x => x.Account == Accounts.AccountsReceivable).GroupBy(x => x.OrderId)
                .Select(g => new { OrderId = g.Key, Sum = g.Sum(x => x.Amount) }).ToListAsync();
            var clearing = await entries.Where(x => x.Account == Accounts.PaymentsClearing).GroupBy(x => x.OrderId)
                .Select(g => new { OrderId = g.Key, Sum = g.Sum(x => x.Amount) }).ToListAsync();
            var payments = await db.Payments.GroupBy(p => p.OrderId)
                .Select(g => new { OrderId = g.Key, Captured = g.Sum(p => p.Captured), Net = g.Sum(p => p.Captured - p.Refunded) }).ToListAsync();
            foreach (var order in orders)
            {
                Assert.True(sales.SingleOrDefault(s => s.OrderId == order.Id)?.Count == 1, $"Order {order.Id} has no sale entry, or more than one");
                var sale = debited.Where(d => d.OrderId == order.Id).ToList();
                Assert.True(order.Total == sale.Sum(d => d.Amount), $"Order {order.Id}: total {order.Total}, but its sale debits {sale.Sum(d => d.Amount)}");
                Assert.True(sale.Select(d => d.Account).Distinct().Count() <= 1, $"Order {order.Id}: its sale debits both receivable and clearing");
                var payment = payments.SingleOrDefault(p => p.OrderId == order.Id);
                var owed = order.Cancelled ? 0 : order.Total - (payment?.Captured ?? 0);
                var open = receivable.SingleOrDefault(r => r.OrderId == order.Id)?.Sum ?? 0;
                Assert.True(owed == open, $"Order {order.Id}: {owed} is neither captured nor cancelled, but the receivable is {open}");
                var cleared = clearing.SingleOrDefault(c => c.OrderId == order.Id)?.Sum ?? 0;
                Assert.True((payment?.Net ?? 0) == cleared, $"Order {order.Id}: captured - refunded = {payment?.Net ?? 0}, ledger clearing = {cleared}");
            }
            return true;
        });
    }
}
