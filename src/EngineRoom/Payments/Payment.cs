using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Payments;

/// <summary>Our record of a payment at a provider for an order: what was authorized, captured and refunded.</summary>
public sealed class Payment
{
    public Guid Id { get; init; }
    public Guid OrderId { get; init; }
    public string Provider { get; init; } = "";
    public string ProviderPaymentId { get; init; } = "";
    public string Currency { get; init; } = "";
    public long Authorized { get; init; }
    public long Captured { get; set; }
    public long Refunded { get; set; }
    public PaymentState State { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> payment)
    {
        payment.ToTable("payments_payments");
        payment.HasKey(p => p.Id);
        payment.Property(p => p.Provider).HasMaxLength(40);
        payment.Property(p => p.ProviderPaymentId).HasMaxLength(100);
        payment.Property(p => p.Currency).HasMaxLength(3);
        payment.Property(p => p.State).HasConversion<string>().HasMaxLength(20);
        payment.HasIndex(p => p.OrderId);
        payment.HasIndex(p => new { p.Provider, p.ProviderPaymentId }).IsUnique();
        payment.ToTable(t => t.HasCheckConstraint("ck_payments_payments_amounts", "\"Captured\" <= \"Authorized\" AND \"Refunded\" <= \"Captured\""));
    }
}
