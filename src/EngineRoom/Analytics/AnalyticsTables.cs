using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Analytics;

public enum Grain { Minute = 0, Hour = 1, Day = 2 }

/// <summary>Sales in one currency over one minute, hour or day (UTC), summed from the orders and refunds in it.</summary>
public sealed class SalesRollup
{
    public string Currency { get; init; } = "";
    public Grain Grain { get; init; }
    public DateTimeOffset Start { get; init; }
    public long GrossSales { get; init; }
    public long Refunds { get; init; }
    public long Orders { get; init; }
    public long Units { get; init; }
    public long Discounts { get; init; }
    public long Shipping { get; init; }
    public long Tax { get; init; }
}

/// <summary>One SKU's sales in one currency over one bucket: what its lines were paid and how many units.</summary>
public abstract class ProductFigures
{
    public string Currency { get; init; } = "";
    public DateTimeOffset Start { get; init; }
    public string Sku { get; init; } = "";
    public long ProductId { get; init; }
    public string Name { get; init; } = "";
    public long Revenue { get; init; }
    public long Units { get; init; }
}

/// <summary>One SKU's sales in one currency over one hour.</summary>
public sealed class ProductRollup : ProductFigures;

/// <summary>
/// One SKU's sales in one currency over one UTC day: the sum of its hours, written with them, so a long range's top
/// products reads a row per SKU and day instead of one per SKU and hour.
/// </summary>
public sealed class DailyProductRollup : ProductFigures;

/// <summary>A count of one funnel step (or payment outcome, or new/returning customer) over one hour.</summary>
public sealed class FunnelCount
{
    public DateTimeOffset Start { get; init; }
    public string Metric { get; init; } = "";
    public long Count { get; init; }
}

/// <summary>An outbox message already counted: its rollup changes committed with this row, so a redelivery adds nothing.</summary>
public sealed class CountedMessage
{
    public Guid MessageId { get; init; }
    public DateTimeOffset CountedAt { get; init; }
}

/// <summary>A customer's (or a guest email's, hashed) first order: a later order from the same key is a returning customer's.</summary>
public sealed class CustomerFirstOrder
{
    public string CustomerKey { get; init; } = "";
    public Guid OrderId { get; init; }
}

/// <summary>One row whose version goes up with every counted message: each instance polls it to know the figures moved.</summary>
public sealed class AnalyticsVersion
{
    public int Id { get; init; }
    public long Version { get; init; }
}

internal sealed class AnalyticsConfiguration : IEntityTypeConfiguration<SalesRollup>, IEntityTypeConfiguration<ProductRollup>,
    IEntityTypeConfiguration<FunnelCount>, IEntityTypeConfiguration<CountedMessage>, IEntityTypeConfiguration<CustomerFirstOrder>,
    IEntityTypeConfiguration<AnalyticsVersion>, IEntityTypeConfiguration<DailyProductRollup>
{
    public void Configure(EntityTypeBuilder<SalesRollup> sales)
    {
        sales.ToTable("analytics_sales");
        sales.HasKey(s => new { s.Currency, s.Grain, s.Start });
        sales.Property(s => s.Currency).HasMaxLength(3);
        // Covering: a range of one grain is read from the index alone. The table holds a grain's rows far apart (an hour
        // row between some 60 minute rows), so through the key alone 90 days by hour read a heap page per row.
        sales.HasIndex(s => new { s.Currency, s.Grain, s.Start, s.GrossSales, s.Refunds, s.Orders, s.Units, s.Discounts, s.Shipping, s.Tax })
            .HasDatabaseName("IX_analytics_sales_read");
    }

    public void Configure(EntityTypeBuilder<ProductRollup> products) => Products(products, "analytics_products");

    public void Configure(EntityTypeBuilder<DailyProductRollup> products) => Products(products, "analytics_products_daily");

    private static void Products<T>(EntityTypeBuilder<T> products, string table) where T : ProductFigures
    {
        products.ToTable(table);
        products.HasKey(p => new { p.Currency, p.Start, p.Sku });
        products.Property(p => p.Currency).HasMaxLength(3);
        products.Property(p => p.Sku).HasMaxLength(64);
        products.Property(p => p.Name).HasMaxLength(300);
    }

    public void Configure(EntityTypeBuilder<FunnelCount> funnel)
    {
        funnel.ToTable("analytics_funnel");
        funnel.HasKey(f => new { f.Start, f.Metric });
        funnel.Property(f => f.Metric).HasMaxLength(80);
    }

    public void Configure(EntityTypeBuilder<CountedMessage> counted)
    {
        counted.ToTable("analytics_counted_messages");
        counted.HasKey(c => c.MessageId);
        counted.HasIndex(c => c.CountedAt);
    }

    public void Configure(EntityTypeBuilder<CustomerFirstOrder> first)
    {
        first.ToTable("analytics_customer_first_orders");
        first.HasKey(f => f.CustomerKey);
        first.Property(f => f.CustomerKey).HasMaxLength(64);
    }

    public void Configure(EntityTypeBuilder<AnalyticsVersion> version)
    {
        version.ToTable("analytics_version");
        version.HasKey(v => v.Id);
        version.Property(v => v.Id).ValueGeneratedNever();
        version.HasData(new AnalyticsVersion { Id = 1, Version = 0 });
    }
}
