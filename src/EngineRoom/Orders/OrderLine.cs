using EngineRoom.Common;

namespace EngineRoom.Orders;

/// <summary>One line of an order: the SKU, the price it was sold at, and how much of it is fulfilled, refunded and returned.</summary>
public sealed class OrderLine
{
    public long Id { get; init; }
    public int FulfilledQuantity { get; private set; }
    public int RefundedQuantity { get; private set; }
    public long RefundedAmount { get; private set; }
    public int RestockedQuantity { get; private set; }
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

    internal void Fulfil(int quantity)
    {
        if (quantity < 1 || quantity > Unfulfilled)
            throw new BusinessRuleException("quantity_exceeds_order", $"Only {Unfulfilled} of {Sku} are left to fulfil.", 422);
        FulfilledQuantity += quantity;
    }

    /// <summary>What was paid for <paramref name="quantity"/> more units: the line's total in proportion, the last units taking what is left.</summary>
    internal long PaidFor(int quantity) =>
        quantity >= Quantity - RefundedQuantity ? Total - RefundedAmount : Total * quantity / Quantity;

    /// <summary>Refunded units are no longer to be fulfilled.</summary>
    internal void Refund(int quantity, long amount)
    {
        if (quantity < 1 || quantity > Quantity - RefundedQuantity)
            throw new BusinessRuleException("quantity_exceeds_order", $"Only {Quantity - RefundedQuantity} of {Sku} can still be refunded.", 422);
        RefundedQuantity += quantity;
        RefundedAmount += amount;
    }

    /// <summary>Marks up to <paramref name="quantity"/> units restocked (never more than were sold); answers how many.</summary>
    internal int Restock(int quantity)
    {
        var back = Math.Min(quantity, Quantity - RestockedQuantity);
        RestockedQuantity += back;
        return back;
    }

    internal int RestockAll() => Restock(Quantity - RestockedQuantity);
}
