using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Inventory;

/// <summary>Stock held for a checkout attempt until it is consumed by the order, released, or expires.</summary>
public sealed class Reservation
{
    public Guid Id { get; init; }
    public Guid AttemptId { get; init; }
    public string Sku { get; init; } = "";
    public long LocationId { get; init; }
    public int Quantity { get; init; }
    public ReservationStatus Status { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
}

public enum ReservationStatus { Held = 0, Consumed = 1, Released = 2 }

/// <summary>Per-SKU stock settings: backorder and the low-stock threshold.</summary>
public sealed class InventoryItem
{
    public string Sku { get; init; } = "";
    public bool AllowBackorder { get; set; }
    public int? LowStockThreshold { get; set; }
    /// <summary>
    /// An <c>inventory.low</c> event has gone out and stock has not been restocked above the threshold since: no other
    /// event until it has (see <see cref="LowStock"/>).
    /// </summary>
    public bool LowStockAlerted { get; set; }
}

internal sealed class ReservationConfiguration : IEntityTypeConfiguration<Reservation>, IEntityTypeConfiguration<InventoryItem>
{
    public void Configure(EntityTypeBuilder<Reservation> reservation)
    {
        reservation.ToTable("inventory_reservations");
        reservation.HasKey(r => r.Id);
        reservation.Property(r => r.Sku).HasMaxLength(64);
        reservation.HasIndex(r => r.AttemptId);
        reservation.HasIndex(r => new { r.Status, r.ExpiresAt });
        reservation.ToTable(t => t.HasCheckConstraint("ck_inventory_reservations_quantity", "\"Quantity\" > 0"));
    }

    public void Configure(EntityTypeBuilder<InventoryItem> item)
    {
        item.ToTable("inventory_items");
        item.HasKey(i => i.Sku);
        item.Property(i => i.Sku).HasMaxLength(64);
    }
}
