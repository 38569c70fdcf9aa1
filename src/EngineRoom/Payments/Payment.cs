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
    public long Captured { get => _captured; init => _captured = value; }
    public long Refunded { get => _refunded; init => _refunded = value; }
    public PaymentState State { get => _state; init => _state = value; }
    public DateTimeOffset CreatedAt { get; init; }

    // Set when the payment is made, then only from the provider's own figures (EF reads and writes the fields).
    private long _captured;
    private long _refunded;
    private PaymentState _state;

    /// <summary>Takes the provider's figures after a capture, void or refund it answered.</summary>
    public void Record(PaymentResult result) => (_captured, _refunded, _state) = (result.Captured, result.Refunded, result.State);
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
