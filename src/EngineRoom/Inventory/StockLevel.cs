using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Inventory;

/// <summary>
/// Stock of one SKU at one location. <see cref="OnHand"/> always equals the sum of that SKU's movements there;
/// it is only ever changed by a statement that also appends the movement.
/// </summary>
public sealed class StockLevel
{
    public long LocationId { get; init; }
    public string Sku { get; init; } = "";
    public long OnHand { get; init; }
    public long Reserved { get; init; }
}

/// <summary>An append-only record of a change to on-hand stock: who, when, why, by how much.</summary>
public sealed class StockMovement
{
    public long Id { get; init; }
    public long LocationId { get; init; }
    public string Sku { get; init; } = "";
    public long Delta { get; init; }
    public string Reason { get; init; } = "";
    public string? Note { get; init; }
    public Guid? ActorId { get; init; }
    /// <summary>The order that caused it (sale, cancellation, return), when one did.</summary>
    public Guid? OrderId { get; init; }
    public DateTimeOffset At { get; init; }
}

public sealed class StockLocation
{
    public const long DefaultId = 1;
    public long Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
}

internal sealed class InventoryConfiguration :
    IEntityTypeConfiguration<StockLevel>, IEntityTypeConfiguration<StockMovement>, IEntityTypeConfiguration<StockLocation>
{
    public void Configure(EntityTypeBuilder<StockLevel> level)
    {
        level.ToTable("inventory_stock_levels", t =>
        {
            t.HasCheckConstraint("ck_inventory_stock_levels_reserved", "\"Reserved\" >= 0");
        });
        level.HasKey(l => new { l.Sku, l.LocationId });
        level.Property(l => l.Sku).HasMaxLength(64);
        level.HasOne<StockLocation>().WithMany().HasForeignKey(l => l.LocationId);
    }

    public void Configure(EntityTypeBuilder<StockMovement> movement)
    {
        movement.ToTable("inventory_stock_movements");
        movement.HasKey(m => m.Id);
        movement.Property(m => m.Sku).HasMaxLength(64);
        movement.Property(m => m.Reason).HasMaxLength(40);
        movement.Property(m => m.Note).HasMaxLength(500);
        movement.HasIndex(m => new { m.Sku, m.LocationId, m.Id });
        movement.HasIndex(m => m.OrderId);
    }

    public void Configure(EntityTypeBuilder<StockLocation> location)
    {
        location.ToTable("inventory_locations");
        location.HasKey(l => l.Id);
        location.Property(l => l.Code).HasMaxLength(40);
        location.HasIndex(l => l.Code).IsUnique();
        location.Property(l => l.Name).HasMaxLength(200);
        location.HasData(new StockLocation { Id = StockLocation.DefaultId, Code = "default", Name = "Default warehouse" });
    }
}
