using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Inventory;

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

internal sealed class InventoryItemConfiguration : IEntityTypeConfiguration<InventoryItem>
{
    public void Configure(EntityTypeBuilder<InventoryItem> item)
    {
        item.ToTable("inventory_items");
        item.HasKey(i => i.Sku);
        item.Property(i => i.Sku).HasMaxLength(64);
    }
}
