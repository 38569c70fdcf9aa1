using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Pricing;

/// <summary>A flat-rate shipping method in one currency, optionally free over a (discounted) subtotal.</summary>
public sealed class ShippingMethod
{
    public Guid Id { get; init; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Currency { get; set; } = "";
    public long Amount { get; set; }
    public long? FreeOver { get; set; }
    public bool Active { get; set; } = true;

    public ShippingRate ToRate() => new(Code, Amount, FreeOver);
}

/// <summary>A tax rate for a country, or for one region of it (which then wins over the country's rate).</summary>
public sealed class TaxRate
{
    public Guid Id { get; init; }
    public string Country { get; set; } = "";
    /// <summary>Empty for the whole country (not null: a unique index treats nulls as distinct).</summary>
    public string Region { get; set; } = "";
    public string Name { get; set; } = "";
    public int RateBps { get; set; }
}

internal sealed class ShippingAndTaxConfiguration : IEntityTypeConfiguration<ShippingMethod>, IEntityTypeConfiguration<TaxRate>
{
    public void Configure(EntityTypeBuilder<ShippingMethod> method)
    {
        method.ToTable("pricing_shipping_methods");
        method.HasKey(m => m.Id);
        method.Property(m => m.Code).HasMaxLength(64);
        method.HasIndex(m => new { m.Code, m.Currency }).IsUnique();
        method.Property(m => m.Name).HasMaxLength(200);
        method.Property(m => m.Currency).HasMaxLength(3);
    }

    public void Configure(EntityTypeBuilder<TaxRate> rate)
    {
        rate.ToTable("pricing_tax_rates");
        rate.HasKey(r => r.Id);
        rate.Property(r => r.Country).HasMaxLength(2);
        rate.Property(r => r.Region).HasMaxLength(10);
        rate.Property(r => r.Name).HasMaxLength(100);
        rate.HasIndex(r => new { r.Country, r.Region }).IsUnique();
    }
}
