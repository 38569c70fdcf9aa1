using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Payments;

/// <summary>
/// A provider's webhook event we handled, once: its id is the key, inserted in the same transaction as its effect, so a
/// second delivery (a retry, a duplicate, a concurrent copy) finds it and changes nothing. Also the record of what the
/// provider told us and what it changed.
/// </summary>
public sealed class ProviderEvent
{
    public string Provider { get; init; } = "";
    public string EventId { get; init; } = "";
    public string Type { get; init; } = "";
    public string PaymentId { get; init; } = "";
    /// <summary>The order of our payment record, when we have one.</summary>
    public Guid? OrderId { get; set; }
    /// <summary><c>applied</c> (our record followed the provider), <c>no_change</c>, or <c>no_payment</c> (we hold no payment with that id).</summary>
    public string Outcome { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; init; }
}

internal sealed class ProviderEventConfiguration : IEntityTypeConfiguration<ProviderEvent>
{
    public void Configure(EntityTypeBuilder<ProviderEvent> e)
    {
        e.ToTable("payments_provider_events");
        e.HasKey(x => new { x.Provider, x.EventId });
        e.Property(x => x.Provider).HasMaxLength(40);
        e.Property(x => x.EventId).HasMaxLength(100);
        e.Property(x => x.Type).HasMaxLength(100);
        e.Property(x => x.PaymentId).HasMaxLength(100);
        e.Property(x => x.Outcome).HasMaxLength(20);
        e.HasIndex(x => new { x.Provider, x.PaymentId });
    }
}
