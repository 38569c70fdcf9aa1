using EngineRoom.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Orders;

public enum OrderStatus { PendingPayment, Authorized, Paid, PartiallyFulfilled, Fulfilled, Shipped, Delivered, Cancelled, PartiallyRefunded, Refunded }

/// <summary>An order: what was bought, at what price, by whom, to where. Prices are copied in; catalog changes never touch it.</summary>
public sealed class Order
{
    public Guid Id { get; private set; }
    public Guid? CustomerId { get; private set; }
    public string Email { get; private set; } = "";
    /// <summary>SHA-256 of the token a guest reads the order with; the token itself is shown once, at checkout.</summary>
    public byte[]? GuestTokenHash { get; private set; }
    public OrderStatus Status { get; private set; }
    public string Currency { get; private set; } = "";
    public long Subtotal { get; private set; }
    public long DiscountTotal { get; private set; }
    public long ShippingTotal { get; private set; }
    public long TaxTotal { get; private set; }
    public long Total { get; private set; }
    public Address? ShippingAddress { get; private set; }
    public string? ShippingMethod { get; private set; }
    public List<string> DiscountCodes { get; private set; } = [];
    public string? CartId { get; private set; }
    public DateTimeOffset PlacedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public List<OrderLine> Lines { get; private set; } = [];

    private Order() { }

    public static Order Place(Guid id, Guid? customerId, string email, byte[]? guestTokenHash, OrderStatus status, string currency,
        Pricing.PricedCart priced, IReadOnlyDictionary<string, Catalog.SkuInfo> skus, Address? address, string? shippingMethod,
        IEnumerable<string> codes, string? cartId, DateTimeOffset now) => new()
    {
        Id = id, CustomerId = customerId, Email = email, GuestTokenHash = guestTokenHash, Status = status, Currency = currency,
        Subtotal = priced.Subtotal, DiscountTotal = priced.Discount, ShippingTotal = priced.Shipping, TaxTotal = priced.Tax, Total = priced.Total,
        ShippingAddress = address, ShippingMethod = shippingMethod, DiscountCodes = codes.ToList(), CartId = cartId, PlacedAt = now, UpdatedAt = now,
        Lines = priced.Lines.Select(l => new OrderLine
        {
            OrderId = id, Sku = l.Sku, ProductId = skus[l.Sku].ProductId, Name = skus[l.Sku].ProductName, VariantName = skus[l.Sku].VariantName,
            Quantity = l.Quantity, UnitPrice = l.UnitPrice, Subtotal = l.Subtotal, Discount = l.Discount, Tax = l.Tax, Total = l.Total,
        }).ToList(),
    };
}

public sealed class OrderLine
{
    public long Id { get; init; }
    public Guid OrderId { get; init; }
    public string Sku { get; init; } = "";
    public long ProductId { get; init; }
    public string Name { get; init; } = "";
    public string? VariantName { get; init; }
    public int Quantity { get; init; }
    public long UnitPrice { get; init; }
    public long Subtotal { get; init; }
    public long Discount { get; init; }
    public long Tax { get; init; }
    public long Total { get; init; }
}

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>, IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<Order> order)
    {
        order.ToTable("orders_orders");
        order.HasKey(o => o.Id);
        order.Property(o => o.Email).HasMaxLength(254);
        order.Property(o => o.GuestTokenHash).HasMaxLength(32);
        order.Property(o => o.Status).HasConversion<string>().HasMaxLength(30);
        order.Property(o => o.Currency).HasMaxLength(3);
        order.Property(o => o.ShippingMethod).HasMaxLength(64);
        order.Property(o => o.CartId).HasMaxLength(64);
        order.OwnsOne(o => o.ShippingAddress, a => a.ToJson("shipping_address"));
        order.HasIndex(o => new { o.CustomerId, o.Id });
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
    }
}
