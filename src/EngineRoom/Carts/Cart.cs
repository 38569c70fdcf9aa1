using EngineRoom.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Carts;

public enum CartStatus { Open, CheckedOut, Merged }

/// <summary>
/// A cart. Its id is a random token of 160 bits: for a guest cart, knowing the id is the key to it; a cart bound to a
/// customer answers only to that customer. Prices are never stored here: every read prices it afresh.
/// </summary>
public sealed class Cart
{
    public const int MaxLines = 100;

    public string Id { get; private set; } = "";
    public Guid? CustomerId { get; private set; }
    public string Currency { get; private set; } = "";
    public string? Email { get; private set; }
    public Address? ShippingAddress { get; private set; }
    public string? ShippingMethod { get; private set; }
    public List<string> DiscountCodes { get; private set; } = [];
    public CartStatus Status { get; private set; }
    public Guid? OrderId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>Bumped by every change; a concurrency token, so two concurrent edits never lose one of them.</summary>
    public int Version { get; private set; }
    public List<CartLine> Lines { get; private set; } = [];

    private Cart() { }

    public void Touch() => Version++;

    /// <summary>A cart as read by plain SQL (<see cref="CartAccess"/>): the same object EF Core would give, untracked.</summary>
    internal static Cart Load(string id, Guid? customerId, string currency, string? email, Address? shippingAddress, string? shippingMethod,
        List<string> discountCodes, CartStatus status, Guid? orderId, DateTimeOffset createdAt, DateTimeOffset updatedAt, int version, List<CartLine> lines) => new()
    {
        Id = id, CustomerId = customerId, Currency = currency, Email = email, ShippingAddress = shippingAddress, ShippingMethod = shippingMethod,
        DiscountCodes = discountCodes, Status = status, OrderId = orderId, CreatedAt = createdAt, UpdatedAt = updatedAt, Version = version, Lines = lines,
    };

    public int QuantityOf(string sku) => Lines.Find(l => l.Sku == sku)?.Quantity ?? 0;

    public static Cart Create(Guid? customerId, string currency, DateTimeOffset now) => new()
    {
        Id = System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20)),
        CustomerId = customerId, Currency = currency, Status = CartStatus.Open, CreatedAt = now, UpdatedAt = now,
    };

    public void AddItem(string sku, int quantity, DateTimeOffset now) => SetQuantity(sku, QuantityOf(sku) + quantity, now);

    public void SetQuantity(string sku, int quantity, DateTimeOffset now)
    {
        EnsureOpen();
        if (quantity > 999) throw new BusinessRuleException("quantity_too_large", $"At most 999 of {sku} per cart.", 422);
        var line = Lines.Find(l => l.Sku == sku);
        if (quantity <= 0) { if (line is not null) Lines.Remove(line); }
        else if (line is not null) line.Quantity = quantity;
        else if (Lines.Count >= MaxLines) throw new BusinessRuleException("cart_full", $"A cart holds at most {MaxLines} lines.", 422);
        else Lines.Add(new CartLine { CartId = Id, Sku = sku, Quantity = quantity });
        UpdatedAt = now;
    }

    /// <summary>One code per cart, unless every code involved says it combines (checked by the caller against the discounts).</summary>
    public void ApplyCode(string code, bool combinesWithAll, DateTimeOffset now)
    {
        EnsureOpen();
        if (DiscountCodes.Contains(code)) return;
        if (DiscountCodes.Count > 0 && !combinesWithAll)
            throw new BusinessRuleException("discount_not_combinable", "This cart already has a discount code, and the two do not combine. Remove it first.");
        DiscountCodes.Add(code);
        UpdatedAt = now;
    }

    public bool RemoveCode(string code, DateTimeOffset now)
    {
        EnsureOpen();
        UpdatedAt = now;
        return DiscountCodes.Remove(code);
    }

    public void SetDetails(string? email, Address? address, string? shippingMethod, DateTimeOffset now)
    {
        EnsureOpen();
        Email = email ?? Email;
        ShippingAddress = address ?? ShippingAddress;
        ShippingMethod = shippingMethod ?? ShippingMethod;
        UpdatedAt = now;
    }

    /// <summary>Moves a guest cart's lines and codes into this one (quantities add up) at sign-in.</summary>
    public void Absorb(Cart guest, DateTimeOffset now)
    {
        foreach (var line in guest.Lines) SetQuantity(line.Sku, Math.Min(999, (Lines.Find(l => l.Sku == line.Sku)?.Quantity ?? 0) + line.Quantity), now);
        foreach (var code in guest.DiscountCodes.Where(c => !DiscountCodes.Contains(c))) DiscountCodes.Add(code);
        Email ??= guest.Email;
        ShippingAddress ??= guest.ShippingAddress;
        ShippingMethod ??= guest.ShippingMethod;
        guest.Status = CartStatus.Merged;
        guest.UpdatedAt = now;
    }

    /// <summary>A privacy erasure of the customer: the email and the address go; lines and codes stay.</summary>
    public void ErasePersonalData() => (Email, ShippingAddress) = (null, null);

    public void BindTo(Guid customerId, DateTimeOffset now) => (CustomerId, UpdatedAt) = (customerId, now);

    public void EnsureOpen()
    {
        if (Status != CartStatus.Open) throw Closed();
    }

    public static BusinessRuleException Closed() => new("cart_closed", "This cart has been checked out or merged; start a new cart.");
}

public sealed class CartLine
{
    public string CartId { get; init; } = "";
    public string Sku { get; init; } = "";
    public int Quantity { get; set; }
}

internal sealed class CartConfiguration : IEntityTypeConfiguration<Cart>, IEntityTypeConfiguration<CartLine>
{
    public void Configure(EntityTypeBuilder<Cart> cart)
    {
        cart.ToTable("carts_carts");
        cart.HasKey(c => c.Id);
        cart.Property(c => c.Id).HasMaxLength(64);
        cart.Property(c => c.Currency).HasMaxLength(3);
        cart.Property(c => c.Email).HasMaxLength(254);
        cart.Property(c => c.ShippingMethod).HasMaxLength(64);
        cart.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        cart.OwnsOne(c => c.ShippingAddress, a => a.ToJson("shipping_address"));
        // Partial: guest carts (no customer) all share the NULL key, and every guest cart INSERT queued on that one spot of the index.
        cart.HasIndex(c => new { c.CustomerId, c.Status }).HasFilter("\"CustomerId\" IS NOT NULL");
        cart.Property(c => c.Version).IsConcurrencyToken();
        cart.HasMany(c => c.Lines).WithOne().HasForeignKey(l => l.CartId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<CartLine> line)
    {
        line.ToTable("carts_cart_lines");
        line.HasKey(l => new { l.CartId, l.Sku });
        line.Property(l => l.Sku).HasMaxLength(64);
    }
}
