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
    /// <summary>The headline status, derived from the three below by <see cref="OrderLifecycle.Headline"/>; stored for filtering.</summary>
    public OrderStatus Status { get; private set; }
    public PaymentStatus PaymentStatus { get; private set; }
    public FulfillmentStatus FulfillmentStatus { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }
    /// <summary>The staff action holding this order (see OrderActions); one at a time, so actions never interleave.</summary>
    public Guid? LeaseId { get; private set; }
    public DateTimeOffset? LeaseUntil { get; private set; }
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

    public void EnsureAllowed(OrderAction action) => OrderLifecycle.EnsureAllowed(Status, action);

    /// <summary>Sets the payment status from the provider's figures and re-derives the headline status.</summary>
    public void ApplyPayment(long captured, long refunded, bool voided, DateTimeOffset now)
    {
        PaymentStatus = voided ? PaymentStatus.Voided
            : refunded > 0 && refunded >= captured ? PaymentStatus.Refunded
            : refunded > 0 ? PaymentStatus.PartiallyRefunded
            : captured >= Total ? PaymentStatus.Captured
            : PaymentStatus.Authorized;
        Touch(now);
    }

    public void Cancel(DateTimeOffset now)
    {
        CancelledAt = now;
        Touch(now);
    }

    /// <summary>Fulfils quantities of lines (all that is left when none are named).</summary>
    public IReadOnlyList<(string Sku, int Quantity)> Fulfil(IReadOnlyList<(string Sku, int Quantity)>? lines, DateTimeOffset now)
    {
        var wanted = lines ?? Lines.Where(l => l.Unfulfilled > 0).Select(l => (l.Sku, l.Unfulfilled)).ToList();
        foreach (var (sku, quantity) in wanted)
        {
            var line = Lines.Find(l => l.Sku == sku) ?? throw new BusinessRuleException("unknown_line", $"The order has no line {sku}.", 422);
            if (quantity < 1 || quantity > line.Unfulfilled)
                throw new BusinessRuleException("quantity_exceeds_order", $"Only {line.Unfulfilled} of {sku} are left to fulfil.", 422);
            line.FulfilledQuantity += quantity;
        }
        if (wanted.Count == 0) throw new BusinessRuleException("nothing_to_fulfil", "Every line is already fulfilled or refunded.", 422);
        FulfillmentStatus = Lines.All(l => l.Unfulfilled == 0) ? FulfillmentStatus.Fulfilled : FulfillmentStatus.PartiallyFulfilled;
        Touch(now);
        return wanted;
    }

    /// <summary>Records a refund of units of a line; refunded units are no longer to be fulfilled.</summary>
    public void RefundUnits(OrderLine line, int quantity, long amount)
    {
        if (quantity < 1 || quantity > line.Quantity - line.RefundedQuantity)
            throw new BusinessRuleException("quantity_exceeds_order", $"Only {line.Quantity - line.RefundedQuantity} of {line.Sku} can still be refunded.", 422);
        line.RefundedQuantity += quantity;
        line.RefundedAmount += amount;
        if (FulfillmentStatus == FulfillmentStatus.PartiallyFulfilled && Lines.All(l => l.Unfulfilled <= 0)) FulfillmentStatus = FulfillmentStatus.Fulfilled;
    }

    public void Ship(DateTimeOffset now) { FulfillmentStatus = FulfillmentStatus.Shipped; Touch(now); }

    public void Deliver(DateTimeOffset now) { FulfillmentStatus = FulfillmentStatus.Delivered; Touch(now); }

    public void ReleaseLease() => (LeaseId, LeaseUntil) = (null, null);

    private void Touch(DateTimeOffset now)
    {
        Status = OrderLifecycle.Headline(CancelledAt is not null, PaymentStatus, FulfillmentStatus);
        UpdatedAt = now;
    }

    public static Order Place(Guid id, Guid? customerId, string email, byte[]? guestTokenHash, OrderStatus status, string currency,
        Pricing.PricedCart priced, IReadOnlyDictionary<string, Catalog.SkuInfo> skus, Address? address, string? shippingMethod,
        IEnumerable<string> codes, string? cartId, DateTimeOffset now) => new()
    {
        Id = id, CustomerId = customerId, Email = email, GuestTokenHash = guestTokenHash, Status = status, Currency = currency,
        PaymentStatus = status == OrderStatus.Paid ? PaymentStatus.Captured : PaymentStatus.Authorized,
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
    public int FulfilledQuantity { get; set; }
    public int RefundedQuantity { get; set; }
    public long RefundedAmount { get; set; }
    public int RestockedQuantity { get; set; }
    /// <summary>Units still to fulfil: neither fulfilled nor refunded.</summary>
    public int Unfulfilled => Quantity - FulfilledQuantity - RefundedQuantity;
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
