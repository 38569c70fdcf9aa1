using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Pricing;

/// <summary>
/// A discount: a code the customer enters (<see cref="Code"/> set) or an automatic promotion (no code).
/// <see cref="TimesUsed"/> (kept while a <see cref="UsageLimit"/> is set) and the per-customer counts are only changed by
/// conditional statements (see DiscountClaims), so limits hold exactly under concurrency.
/// </summary>
public sealed class Discount
{
    public Guid Id { get; init; }
    public string? Code { get; set; }
    public string Name { get; set; } = "";
    public DiscountKind Kind { get; set; }
    public int PercentBps { get; set; }
    public long AmountOff { get; set; }
    /// <summary>The currency of <see cref="AmountOff"/> and <see cref="MinSubtotal"/>; null means any (percentage only).</summary>
    public string? Currency { get; set; }
    public long MinSubtotal { get; set; }
    public int BuyQuantity { get; set; }
    public int GetQuantity { get; set; }
    public List<string> Skus { get; set; } = [];
    public DateTimeOffset? StartsAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }
    public int? UsageLimit { get; set; }
    public int? PerCustomerLimit { get; set; }
    public int TimesUsed { get; set; }
    public bool Combinable { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; init; }

    public static string NormalizeCode(string code) => code.Trim().ToUpperInvariant();

    /// <summary>The columns <see cref="FromRow"/> reads, in its order (plain SQL reads on the cart and checkout paths).</summary>
    internal const string Columns = """
        "Id", "Code", "Name", "Kind", "PercentBps", "AmountOff", "Currency", "MinSubtotal", "BuyQuantity", "GetQuantity", "Skus",
        "StartsAt", "EndsAt", "UsageLimit", "PerCustomerLimit", "TimesUsed", "Combinable", "Active", "CreatedAt"
        """;

    internal static Discount FromRow(object[] r) => new()
    {
        Id = SqlValues.Guid(r[0])!.Value, Code = SqlValues.String(r[1]), Name = (string)r[2], Kind = Enum.Parse<DiscountKind>((string)r[3]),
        PercentBps = SqlValues.Int(r[4]), AmountOff = SqlValues.Long(r[5]), Currency = SqlValues.String(r[6]), MinSubtotal = SqlValues.Long(r[7]),
        BuyQuantity = SqlValues.Int(r[8]), GetQuantity = SqlValues.Int(r[9]), Skus = SqlValues.Strings(r[10]),
        StartsAt = SqlValues.Time(r[11]), EndsAt = SqlValues.Time(r[12]), UsageLimit = SqlValues.NullableInt(r[13]),
        PerCustomerLimit = SqlValues.NullableInt(r[14]), TimesUsed = SqlValues.Int(r[15]), Combinable = SqlValues.Bool(r[16]),
        Active = SqlValues.Bool(r[17]), CreatedAt = SqlValues.Time(r[18])!.Value,
    };

    public DiscountRule ToRule() => new(Id, Code, Kind, Combinable, PercentBps, AmountOff, Currency, MinSubtotal,
        BuyQuantity, GetQuantity, Skus, StartsAt, EndsAt, UsageLimitReached: UsageLimit is { } limit && TimesUsed >= limit);
}

/// <summary>How often one customer (account id, or the email of a guest) has used a discount.</summary>
public sealed class DiscountCustomerUsage
{
    public Guid DiscountId { get; init; }
    public string CustomerKey { get; init; } = "";
    public int Count { get; init; }
}

/// <summary>
/// One use of a discount by a checkout attempt: claimed with its hold, and the order's once the attempt completes (the
/// attempt says which); released when the attempt fails. A row is written once per use: the completion does not touch it.
/// </summary>
public sealed class DiscountRedemption
{
    public Guid Id { get; init; }
    public Guid DiscountId { get; init; }
    public Guid AttemptId { get; init; }
    public string CustomerKey { get; init; } = "";
    /// <summary>Set only on uses consumed before 2026-12-01; a use's order is now its attempt's.</summary>
    public Guid? OrderId { get; init; }
    public RedemptionStatus Status { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <remarks><see cref="Consumed"/> was written by the order's record until 2026-12-01; a claimed use of a completed attempt is its order's.</remarks>
public enum RedemptionStatus { Claimed = 0, Consumed = 1, Released = 2 }

internal sealed class DiscountConfiguration :
    IEntityTypeConfiguration<Discount>, IEntityTypeConfiguration<DiscountCustomerUsage>, IEntityTypeConfiguration<DiscountRedemption>
{
    public void Configure(EntityTypeBuilder<Discount> discount)
    {
        discount.ToTable("pricing_discounts");
        discount.HasKey(d => d.Id);
        discount.Property(d => d.Code).HasMaxLength(64);
        discount.HasIndex(d => d.Code).IsUnique();
        discount.Property(d => d.Name).HasMaxLength(200);
        discount.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        discount.Property(d => d.Currency).HasMaxLength(3);
        discount.HasIndex(d => new { d.Active, d.Code });
        discount.ToTable(t => t.HasCheckConstraint("ck_pricing_discounts_usage", "\"UsageLimit\" IS NULL OR \"TimesUsed\" <= \"UsageLimit\""));
    }

    public void Configure(EntityTypeBuilder<DiscountCustomerUsage> usage)
    {
        usage.ToTable("pricing_discount_customer_usage");
        usage.HasKey(u => new { u.DiscountId, u.CustomerKey });
        usage.Property(u => u.CustomerKey).HasMaxLength(254);
    }

    public void Configure(EntityTypeBuilder<DiscountRedemption> redemption)
    {
        redemption.ToTable("pricing_discount_redemptions");
        redemption.HasKey(r => r.Id);
        redemption.HasIndex(r => r.AttemptId);
        redemption.HasIndex(r => new { r.DiscountId, r.OrderId });
        redemption.Property(r => r.CustomerKey).HasMaxLength(254);
    }
}
