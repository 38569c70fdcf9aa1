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

    /// <summary>The points' sums, in one pass.</summary>
    internal static SalesTotals Of(IReadOnlyList<SalesPoint> points)
    {
        long gross = 0, refunds = 0, orders = 0, units = 0, discounts = 0, shipping = 0, tax = 0;
        foreach (var p in points)
            (gross, refunds, orders, units, discounts, shipping, tax) = (gross + p.GrossSales, refunds + p.Refunds, orders + p.Orders,
                units + p.Units, discounts + p.Discounts, shipping + p.Shipping, tax + p.Tax);
        return new SalesTotals(gross, refunds, gross - refunds, orders, units, orders == 0 ? 0 : gross / orders, discounts, shipping, tax);
    }
}

public sealed record SalesPoint(DateTimeOffset Start, long GrossSales, long Refunds, long NetSales, long Orders, long Units, long AverageOrderValue,
    long Discounts, long Shipping, long Tax)
{
    internal static SalesPoint Of(DateTimeOffset start, long gross, long refunds, long orders, long units, long discounts, long shipping, long tax) =>
        new(start, gross, refunds, gross - refunds, orders, units, orders == 0 ? 0 : gross / orders, discounts, shipping, tax);
}
