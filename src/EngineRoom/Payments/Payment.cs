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
    public long Authorized { get => _authorized; init => _authorized = value; }
    public long Captured { get => _captured; init => _captured = value; }
    public long Refunded { get => _refunded; init => _refunded = value; }
    public PaymentState State { get => _state; init => _state = value; }
    /// <summary>What the provider withdrew for a dispute (open or lost); 0 when there is none or it was won.</summary>
    public long Disputed { get; private set; }
    /// <summary>The provider's word for the dispute's state (Stripe: needs_response, under_review, won, lost...); null without one.</summary>
    public string? DisputeStatus { get; private set; }
    /// <summary>Moves with every change, so two provider notices about one payment never both apply the same difference.</summary>
    public int Version { get; private set; }
    public DateTimeOffset CreatedAt { get; init; }

    // Set when the payment is made, then only from the provider's own figures (EF reads and writes the fields).
    private long _authorized;
    private long _captured;
    private long _refunded;
    private PaymentState _state;

    public PaymentFigures Figures => new(Authorized, Captured, Refunded, State, Disputed, DisputeStatus);

    /// <summary>Takes the provider's figures after a capture, void or refund it answered.</summary>
    public void Record(PaymentResult result)
    {
        // A provider may release what a partial capture left (Stripe does): what stays authorized is then what it says.
        (_authorized, _captured, _refunded, _state) = (Math.Max(result.Captured, Math.Min(_authorized, result.Authorized)), result.Captured, result.Refunded, result.State);
        Version++;
    }

    /// <summary>
    /// Follows what the provider says of the payment now (a webhook re-read it). Its amounts only grow at the provider, so a
    /// read older than one already taken changes nothing; states that are no money movement (declined, waiting on the
    /// customer) never replace the one we hold.
    /// </summary>
    public (PaymentFigures Before, PaymentFigures After) Follow(PaymentResult current, ProviderDispute? dispute)
    {
        var before = Figures;
        _captured = Math.Max(_captured, current.Captured);
        _refunded = Math.Min(_captured, Math.Max(_refunded, current.Refunded));
        if (current.Succeeded && current.State is not (PaymentState.Authorized or PaymentState.Voided))
            _authorized = Math.Max(_captured, Math.Min(_authorized, current.Authorized));
        _state = _state == PaymentState.Voided || (current.State == PaymentState.Voided && _captured == 0) ? PaymentState.Voided
            : _refunded > 0 ? (_refunded >= _captured ? PaymentState.Refunded : PaymentState.PartiallyRefunded)
            : _captured > 0 ? PaymentState.Captured
            : _state;
        if (dispute is not null) (Disputed, DisputeStatus) = (dispute.Withdrawn, dispute.Status);
        var after = Figures;
        if (after != before) Version++;
        return (before, after);
    }
}

/// <summary>A payment's figures at one moment.</summary>
public sealed record PaymentFigures(long Authorized, long Captured, long Refunded, PaymentState State, long Disputed, string? DisputeStatus);

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
        payment.Property(p => p.DisputeStatus).HasMaxLength(40);
        payment.Property(p => p.Version).IsConcurrencyToken();
        payment.Ignore(p => p.Figures);
        payment.HasIndex(p => p.OrderId);
        payment.HasIndex(p => new { p.Provider, p.ProviderPaymentId }).IsUnique();
        payment.ToTable(t => t.HasCheckConstraint("ck_payments_payments_amounts", "\"Captured\" <= \"Authorized\" AND \"Refunded\" <= \"Captured\""));
    }
}
