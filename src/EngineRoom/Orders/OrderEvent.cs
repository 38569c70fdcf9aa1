using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Orders;

/// <summary>A transition of an order: who, when, from, to, why. Append-only; staff see all of it, customers all but who and the note.</summary>
public sealed class OrderEvent
{
    public long Id { get; init; }
    public Guid OrderId { get; init; }
    public DateTimeOffset At { get; init; }
    public Guid? ActorId { get; init; }
    public string Action { get; init; } = "";
    public OrderStatus From { get; init; }
    public OrderStatus To { get; init; }
    public string? Note { get; init; }
    /// <summary>What the action moved, for the record: an amount, lines, a tracking number.</summary>
    public string? Details { get; init; }
}

/// <summary>A shipment of some or all lines, from a stock location, with its carrier and tracking number.</summary>
public sealed class Fulfillment
{
    public Guid Id { get; init; }
    public Guid OrderId { get; init; }
    public string LocationCode { get; init; } = "";
    public string? Carrier { get; set; }
    public string? TrackingNumber { get; set; }
    public List<FulfilledLine> Lines { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ShippedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>Shipped now; a carrier or tracking number given replaces the one known at fulfilment.</summary>
    public void Ship(string? carrier, string? trackingNumber, DateTimeOffset now)
    {
        ShippedAt = now;
        Carrier = carrier ?? Carrier;
        TrackingNumber = trackingNumber ?? TrackingNumber;
    }
}

public sealed record FulfilledLine(string Sku, int Quantity);

internal sealed class OrderEventConfiguration : IEntityTypeConfiguration<OrderEvent>, IEntityTypeConfiguration<Fulfillment>
{
    public void Configure(EntityTypeBuilder<OrderEvent> e)
    {
        e.ToTable("orders_order_events");
        e.HasKey(x => x.Id);
        e.Property(x => x.Action).HasMaxLength(40);
        e.Property(x => x.From).HasConversion<string>().HasMaxLength(30);
        e.Property(x => x.To).HasConversion<string>().HasMaxLength(30);
        e.Property(x => x.Note).HasMaxLength(1000);
        e.HasIndex(x => new { x.OrderId, x.Id });
    }

    public void Configure(EntityTypeBuilder<Fulfillment> f)
    {
        f.ToTable("orders_fulfillments");
        f.HasKey(x => x.Id);
        f.Property(x => x.LocationCode).HasMaxLength(40);
        f.Property(x => x.Carrier).HasMaxLength(100);
        f.Property(x => x.TrackingNumber).HasMaxLength(100);
        f.OwnsMany(x => x.Lines, l => l.ToJson("lines"));
        f.HasIndex(x => x.OrderId);
    }
}
