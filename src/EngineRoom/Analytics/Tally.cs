using System.Security.Cryptography;
using System.Text;
using EngineRoom.Orders;

namespace EngineRoom.Analytics;

/// <summary>
/// What orders and refunds add to the rollups, kept as sums per row key. The outbox handler tallies one message and
/// adds it to the tables; the rebuild tallies every order and refund and writes the whole; both go through the same
/// methods here, so they cannot count differently.
/// </summary>
internal sealed class Tally
{
    public sealed record SalesKey(string Currency, Grain Grain, DateTimeOffset Start);
    public sealed record ProductKey(string Currency, DateTimeOffset Start, string Sku);
    public sealed record FunnelKey(DateTimeOffset Start, string Metric);

    public sealed class Sales { public long Gross, Refunds, Orders, Units, Discounts, Shipping, Tax; }
    public sealed class Product { public long ProductId, Revenue, Units; public string Name = ""; }

    public Dictionary<SalesKey, Sales> SalesRows { get; } = [];
    public Dictionary<ProductKey, Product> ProductRows { get; } = [];
    /// <summary>The same lines by day (<see cref="ProductKey.Start"/> is the day's start): analytics_products_daily.</summary>
    public Dictionary<ProductKey, Product> DailyProductRows { get; } = [];
    public Dictionary<FunnelKey, long> FunnelRows { get; } = [];

    public static readonly Grain[] Grains = [Grain.Minute, Grain.Hour, Grain.Day];

    public static DateTimeOffset Truncate(DateTimeOffset at, Grain grain)
    {
        var utc = at.UtcDateTime;
        return new DateTimeOffset(grain switch
        {
            Grain.Minute => new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, DateTimeKind.Utc),
            Grain.Hour => new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc),
            _ => new DateTime(utc.Year, utc.Month, utc.Day, 0, 0, 0, DateTimeKind.Utc),
        }, TimeSpan.Zero);
    }

    /// <summary>Who placed the order, as a key that names no one: the account id, or a guest's normalised email hashed.</summary>
    public static string CustomerKey(PlacedOrder order) => order.CustomerId is { } id ? "a:" + id.ToString("N")
        : "e:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(order.Email.Trim().ToLowerInvariant())))[..56];

    public void AddOrder(PlacedOrder order)
    {
        var units = order.Lines.Sum(l => (long)l.Quantity);
        foreach (var grain in Grains)
        {
            var row = SalesRow(order.Currency, grain, order.PlacedAt);
            row.Gross += order.Total;
            row.Orders++;
            row.Units += units;
            row.Discounts += order.Discount;
            row.Shipping += order.Shipping;
            row.Tax += order.Tax;
        }
        var (hour, day) = (Truncate(order.PlacedAt, Grain.Hour), Truncate(order.PlacedAt, Grain.Day));
        foreach (var line in order.Lines)
        {
            AddLine(ProductRows, new(order.Currency, hour, line.Sku), line);
            AddLine(DailyProductRows, new(order.Currency, day, line.Sku), line);
        }
        Count(order.PlacedAt, Funnel.Orders);
    }

    /// <summary>Money that went back (or, for a voided order, never came): counted when it happened, not when the order was placed.</summary>
    public void AddRefund(string currency, long amount, DateTimeOffset at)
    {
        foreach (var grain in Grains) SalesRow(currency, grain, at).Refunds += amount;
    }

    public void Count(DateTimeOffset at, string metric, long count = 1)
    {
        var key = new FunnelKey(Truncate(at, Grain.Hour), metric);
        FunnelRows[key] = FunnelRows.GetValueOrDefault(key) + count;
    }

    private static void AddLine(Dictionary<ProductKey, Product> rows, ProductKey key, SoldLine line)
    {
        if (!rows.TryGetValue(key, out var product)) rows[key] = product = new Product();
        product.ProductId = line.ProductId;
        product.Name = line.VariantName is null ? line.Name : $"{line.Name} ({line.VariantName})";
        product.Revenue += line.Total;
        product.Units += line.Quantity;
    }

    private Sales SalesRow(string currency, Grain grain, DateTimeOffset at)
    {
        var key = new SalesKey(currency, grain, Truncate(at, grain));
        if (!SalesRows.TryGetValue(key, out var row)) SalesRows[key] = row = new Sales();
        return row;
    }
}

/// <summary>The funnel's metric names as stored; payment outcomes are <c>payment:{code}</c>.</summary>
internal static class Funnel
{
    public const string CartsCreated = "carts_created";
    public const string CartsWithItems = "carts_with_items";
    public const string CheckoutsStarted = "checkouts_started";
    public const string Orders = "orders";
    public const string BuyNowAttempts = "buy_now_attempts";
    public const string BuyNowOrders = "buy_now_orders";
    public const string NewCustomers = "new_customers";
    public const string ReturningCustomers = "returning_customers";
    public const string PaymentPrefix = "payment:";
}
