using EngineRoom.Catalog;
using EngineRoom.Common;
using EngineRoom.Data;
using EngineRoom.Ledger;
using EngineRoom.Orders;
using EngineRoom.Payments;
using EngineRoom.Pricing;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Analytics;

/// <summary>
/// The demo's story: shipping and tax for a few countries, and 30 days of orders (busier evenings and weekends, a few
/// declined cards, returning customers) recorded as checkout records them (order, payment, ledger), then the
/// rollups rebuilt, so a new user's dashboard has something on it. Embedded default and Development only, never in
/// Production; only into a shop with no orders. The stock is today's: history does not move it.
/// </summary>
internal static class DemoHistory
{
    public const int Days = 30;
    private static readonly (string Country, string? Region, string City, string Currency, string Shipping)[] Places =
    [
        ("US", "CA", "San Francisco", "USD", "standard"), ("US", "NY", "New York", "USD", "express"), ("US", "TX", "Austin", "USD", "standard"),
        ("GB", null, "London", "EUR", "international"), ("DE", null, "Berlin", "EUR", "standard"), ("FR", null, "Lyon", "EUR", "standard"),
        ("CA", null, "Toronto", "USD", "international"),
    ];

    public static async Task EnsureAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var config = scope.ServiceProvider.GetRequiredService<IConfiguration>();
        var env = scope.ServiceProvider.GetRequiredService<IHostEnvironment>();
        var demo = config.GetValue("Seed:DemoCatalog", DatabaseSetup.ReadProvider(config) == DatabaseProvider.Sqlite);
        if (!config.GetValue("Seed:DemoHistory", demo) || env.IsProduction()) return;
        var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        await DemoShippingAndTax.SeedAsync(db, ct);
        var orders = await SeedAsync(db, clock, ct);
        if (orders > 0) Console.WriteLine($"Demo history seeded: {orders} orders over the last {Days} days, shipping and tax for {Places.Length} places.");
    }

    public static async Task<int> SeedAsync(EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        if ((await OrderFacts.RecentAsync(db, 1, ct)).Count > 0) return 0;
        var skus = await CatalogVariants.FirstSkusAsync(db, 60, ct);
        if (skus.Count == 0) return 0;
        var prices = new Dictionary<string, Dictionary<string, SkuInfo>>
        {
            ["USD"] = await CatalogSkus.LookupAsync(db, skus, "USD", ct), ["EUR"] = await CatalogSkus.LookupAsync(db, skus, "EUR", ct),
        };
        var random = new Random(20261130);
        var now = clock.GetUtcNow();
        var tally = new Tally();
        var count = 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        for (var day = Days; day >= 0; day--)
        {
            var date = Tally.Truncate(now.AddDays(-day), Grain.Day);
            var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var batch = new SqlBatch(db);
            for (var n = (weekend ? 40 : 25) + random.Next(15) + (Days - day) / 2; n > 0; n--)
            {
                var at = date.AddHours(Hour(random)).AddSeconds(random.Next(3600));
                if (at > now.AddMinutes(-1)) continue;
                var place = Places[random.Next(Places.Length)];
                var order = Order(random, prices[place.Currency], place, customer: random.Next(400), at);
                if (order is null) continue;
                Record(batch, order, at);
                tally.Count(at, Funnel.BuyNowAttempts);
                tally.Count(at, Funnel.BuyNowOrders);
                tally.Count(at, Funnel.PaymentPrefix + "approved");
                if (random.Next(12) == 0) // a declined card before the one that went through
                {
                    tally.Count(at, Funnel.BuyNowAttempts);
                    tally.Count(at, Funnel.PaymentPrefix + (random.Next(2) == 0 ? "card_declined" : "insufficient_funds"));
                }
                count++;
            }
            RollupWriter.Add(batch, tally);
            tally.FunnelRows.Clear();
            await batch.ExecuteAsync(ct);
        }
        await tx.CommitAsync(ct);
        await RebuildAnalytics.RunAsync(db, clock, ct);
        return count;
    }

    // More in the (UTC) afternoon and evening than at night.
    private static int Hour(Random random) => Math.Clamp((int)(14 + 4 * (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5)), 0, 23);

    private static Order? Order(Random random, Dictionary<string, SkuInfo> prices, (string Country, string? Region, string City, string Currency, string Shipping) place,
        int customer, DateTimeOffset at)
    {
        var picked = prices.Values.Where(s => s.UnitPrice is not null).OrderBy(_ => random.Next()).Take(1 + random.Next(3)).ToList();
        if (picked.Count == 0) return null;
        var rate = DemoShippingAndTax.RateFor(place.Country, place.Region ?? "");
        var lines = picked.Select(s =>
        {
            var quantity = 1 + random.Next(random.Next(4) == 0 ? 3 : 1);
            var subtotal = s.UnitPrice!.Value * quantity;
            var tax = subtotal * rate / 10_000;
            return new PricedLine(s.Sku, s.UnitPrice.Value, quantity, subtotal, 0, tax, subtotal + tax);
        }).ToList();
        var subtotal = lines.Sum(l => l.Subtotal);
        var (shipping, freeOver) = DemoShippingAndTax.Shipping(place.Shipping, place.Currency);
        if (subtotal >= freeOver) shipping = 0;
        var tax = lines.Sum(l => l.Tax);
        var cart = new PricedCart(place.Currency, lines, subtotal, 0, shipping, 0, tax, subtotal + shipping + tax, [], []);
        var address = new Address($"Demo Customer {customer}", $"{customer} Market Street", null, place.City, place.Region, "10000", place.Country, null);
        return Orders.Order.Place(Guid.CreateVersion7(at), null, $"customer{customer}@demo.engineroom.local", null, OrderStatus.Paid, place.Currency, cart,
            picked.ToDictionary(s => s.Sku), address, place.Shipping, [], null, at);
    }

    /// <summary>The order, its captured payment and its ledger entries, as checkout's record writes them.</summary>
    private static void Record(SqlBatch batch, Order order, DateTimeOffset at)
    {
        OrderBook.Append(batch, order);
        OrderPayments.Append(batch, new Payment
        {
            Id = Guid.CreateVersion7(at), OrderId = order.Id, Provider = "sandbox", ProviderPaymentId = $"demo_{order.Id:N}", Currency = order.Currency,
            Authorized = order.Total, Captured = order.Total, State = PaymentState.Captured, CreatedAt = at,
        });
        Journal.Append(batch, SaleEntries.Sale(order.Id, order.Currency, order.Subtotal, order.DiscountTotal, order.ShippingTotal, order.TaxTotal,
            order.Total, at));
    }
}
