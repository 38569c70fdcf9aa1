using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Orders;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>, IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<Order> order)
    {
        order.ToTable("orders_orders");
        order.HasKey(o => o.Id);
        order.Property(o => o.Email).HasMaxLength(254);
        order.Property(o => o.GuestTokenHash).HasMaxLength(32);
        order.Property(o => o.Status).HasConversion<string>().HasMaxLength(30);
        order.Property(o => o.PaymentStatus).HasConversion<string>().HasMaxLength(30);
        order.Property(o => o.FulfillmentStatus).HasConversion<string>().HasMaxLength(30);
        order.Property(o => o.Currency).HasMaxLength(3);
        order.Property(o => o.ShippingMethod).HasMaxLength(64);
        order.Property(o => o.CartId).HasMaxLength(64);
        order.OwnsOne(o => o.ShippingAddress, a => a.ToJson("shipping_address"));
        order.HasIndex(o => new { o.CustomerId, o.Id });
        order.Property(o => o.LeaseId).IsConcurrencyToken();
        order.HasIndex(o => new { o.Status, o.Id });
        order.HasIndex(o => o.PlacedAt);
        order.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<OrderLine> line)
    {
        line.ToTable("orders_order_lines");
        line.HasKey(l => l.Id);
        line.Property(l => l.Sku).HasMaxLength(64);
        line.Property(l => l.Name).HasMaxLength(300);
        line.Property(l => l.VariantName).HasMaxLength(200);
        line.HasIndex(l => l.Sku);
        line.Ignore(l => l.Unfulfilled);
    }
}
