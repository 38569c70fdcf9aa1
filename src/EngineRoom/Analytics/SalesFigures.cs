namespace EngineRoom.Analytics;

/// <summary>
/// Sales over a bucket or a range, in minor units of one currency. Gross is what orders placed were charged (after
/// discounts, with shipping and tax); refunds is what went back (a voided order counts whole); net is gross less
/// refunds; the average order value is gross over orders, rounded down.
/// </summary>
public sealed record SalesTotals(long GrossSales, long Refunds, long NetSales, long Orders, long Units, long AverageOrderValue, long Discounts,
    long Shipping, long Tax)
{
    public static readonly SalesTotals Zero = From([]);

    internal static SalesTotals From(IReadOnlyCollection<SalesRollup> rows)
    {
        var (gross, refunds, orders) = (rows.Sum(r => r.GrossSales), rows.Sum(r => r.Refunds), rows.Sum(r => r.Orders));
        return new SalesTotals(gross, refunds, gross - refunds, orders, rows.Sum(r => r.Units), orders == 0 ? 0 : gross / orders,
            rows.Sum(r => r.Discounts), rows.Sum(r => r.Shipping), rows.Sum(r => r.Tax));
    }
}

public sealed record SalesPoint(DateTimeOffset Start, long GrossSales, long Refunds, long NetSales, long Orders, long Units, long AverageOrderValue,
    long Discounts, long Shipping, long Tax)
{
    internal static SalesPoint From(DateTimeOffset start, SalesRollup? row)
    {
        var t = SalesTotals.From(row is null ? [] : [row]);
        return new SalesPoint(start, t.GrossSales, t.Refunds, t.NetSales, t.Orders, t.Units, t.AverageOrderValue, t.Discounts, t.Shipping, t.Tax);
    }
}
