using EngineRoom.Common;
using EngineRoom.Payments;

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
    /// <summary>The staff action holding this order (see OrderLease); one at a time, so actions never interleave.</summary>
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

    /// <summary>Captures all or part of what is still authorized; answers the amount to capture at the provider.</summary>
    public long Capture(long? amount, Payment? payment, DateTimeOffset now)
    {
        Allow(OrderAction.Capture);
        if (payment is null) throw new BusinessRuleException("no_payment", "This order has no payment to capture.");
        var left = payment.Authorized - payment.Captured;
        var capture = amount ?? left;
        if (capture > left) throw new BusinessRuleException("capture_exceeds_authorized", $"Only {left} of the authorization is left to capture.", 422);
        SetPayment(payment.Captured + capture, payment.Refunded, voided: false, now);
        return capture;
    }

    /// <summary>Voids an authorization nothing was captured from, which cancels the order.</summary>
    public Cancellation Void(Payment? payment, DateTimeOffset now)
    {
        Allow(OrderAction.Void);
        if (payment?.Captured > 0) throw new BusinessRuleException("already_captured", "Part of this payment was captured: cancel or refund the order instead.");
        return CancelNow(payment, now);
    }

    /// <summary>
    /// Cancels before fulfilment: the authorization is voided (nothing captured) or what was captured is refunded, and
    /// every unit not yet restocked goes back.
    /// </summary>
    public Cancellation Cancel(Payment? payment, DateTimeOffset now)
    {
        Allow(OrderAction.Cancel);
        return CancelNow(payment, now);
    }

    private Cancellation CancelNow(Payment? payment, DateTimeOffset now)
    {
        var captured = payment?.Captured ?? 0;
        var voids = payment is not null && captured == 0;
        var refund = payment is null || voids ? 0 : captured - payment.Refunded;
        var restock = Lines.Select(l => (l.Sku, Quantity: l.RestockAll())).Where(r => r.Quantity > 0).ToList();
        CancelledAt = now;
        SetPayment(captured, (payment?.Refunded ?? 0) + refund, voided: voids, now);
        return new Cancellation(voids, refund, captured, restock);
    }

    /// <summary>
    /// Refunds an amount, or units of lines: what was paid for them (discount included, never the list price), the last
    /// units of a line taking whatever is left so its parts add up exactly. Never more than was captured and not yet
    /// refunded. Restocked units are only those not already back.
    /// </summary>
    public Refund Refund(long? amount, IReadOnlyList<(string Sku, int Quantity)>? lines, bool restock, Payment? payment, DateTimeOffset now)
    {
        Allow(OrderAction.Refund);
        if (payment is null) throw new BusinessRuleException("no_payment", "This order has no payment to refund.");
        var units = (lines ?? []).GroupBy(l => l.Sku).Select(g =>
        {
            var line = Line(g.Key);
            var quantity = g.Sum(x => x.Quantity);
            return new RefundedUnits(line.Sku, quantity, line.PaidFor(quantity), line.Tax * quantity / line.Quantity);
        }).ToList();
        var total = amount ?? units.Sum(u => u.Amount);
        var refundable = payment.Captured - payment.Refunded;
        if (total > refundable) throw new BusinessRuleException("refund_exceeds_captured", $"Only {refundable} of what was captured is left to refund.", 422);

        foreach (var u in units) Line(u.Sku).Refund(u.Quantity, u.Amount);
        if (FulfillmentStatus == FulfillmentStatus.PartiallyFulfilled && Lines.All(l => l.Unfulfilled <= 0)) FulfillmentStatus = FulfillmentStatus.Fulfilled;
        var back = restock ? units.Select(u => (u.Sku, Quantity: Line(u.Sku).Restock(u.Quantity))).Where(r => r.Quantity > 0).ToList() : [];
        var tax = amount is null ? units.Sum(u => u.Tax) : Ledger.AfterSaleEntries.TaxShare(total, TaxTotal, Total);
        SetPayment(payment.Captured, payment.Refunded + total, voided: false, now);
        return new Refund(total, tax, units, back);
    }

    /// <summary>Receives a requested return: its units are refunded (what was paid for them) and restocked if asked.</summary>
    public Refund ReceiveReturn(OrderReturn ret, bool restock, Payment? payment, DateTimeOffset now)
    {
        Allow(OrderAction.Refund);
        if (ret.OrderId != Id) throw new ArgumentException("The return is another order's.", nameof(ret));
        if (ret.Status != ReturnStatus.Requested) throw new BusinessRuleException("return_already_received", "This return was already received.");
        var refund = Refund(null, ret.Lines.Select(l => (l.Sku, l.Quantity)).ToList(), restock, payment, now);
        ret.Receive(restock, refund.Amount, now);
        return refund;
    }

    /// <summary>Fulfils quantities of lines (all that is left when none are named).</summary>
    public IReadOnlyList<(string Sku, int Quantity)> Fulfil(IReadOnlyList<(string Sku, int Quantity)>? lines, DateTimeOffset now)
    {
        Allow(OrderAction.Fulfil);
        var wanted = lines ?? Lines.Where(l => l.Unfulfilled > 0).Select(l => (l.Sku, l.Unfulfilled)).ToList();
        foreach (var (sku, quantity) in wanted) Line(sku).Fulfil(quantity);
        if (wanted.Count == 0) throw new BusinessRuleException("nothing_to_fulfil", "Every line is already fulfilled or refunded.", 422);
        FulfillmentStatus = Lines.All(l => l.Unfulfilled == 0) ? FulfillmentStatus.Fulfilled : FulfillmentStatus.PartiallyFulfilled;
        Touch(now);
        return wanted;
    }

    public void Ship(DateTimeOffset now)
    {
        Allow(OrderAction.Ship);
        FulfillmentStatus = FulfillmentStatus.Shipped;
        Touch(now);
    }

    public void Deliver(DateTimeOffset now)
    {
        Allow(OrderAction.Deliver);
        FulfillmentStatus = FulfillmentStatus.Delivered;
        Touch(now);
    }

    /// <summary>A customer asks to send back delivered units: never more than were delivered, less refunded, less already asked back.</summary>
    public OrderReturn RequestReturn(IReadOnlyList<(string Sku, int Quantity)> lines, IEnumerable<OrderReturn> earlier, string? reason, DateTimeOffset now)
    {
        Allow(OrderAction.RequestReturn);
        var asked = earlier.SelectMany(r => r.Lines).GroupBy(l => l.Sku).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        var wanted = lines.GroupBy(l => l.Sku).Select(g => new FulfilledLine(g.Key, g.Sum(l => l.Quantity))).ToList();
        foreach (var line in wanted)
        {
            var ordered = Lines.Find(l => l.Sku == line.Sku);
            var returnable = ordered is null ? 0 : ordered.FulfilledQuantity - ordered.RefundedQuantity - asked.GetValueOrDefault(line.Sku);
            if (line.Quantity > returnable)
                throw new BusinessRuleException("quantity_exceeds_order", $"Only {Math.Max(0, returnable)} of {line.Sku} can be returned.", 422);
        }
        return OrderReturn.Requested(Id, wanted, reason, now);
    }

    public void ReleaseLease() => (LeaseId, LeaseUntil) = (null, null);

    private void Allow(OrderAction action)
    {
        if (!OrderLifecycle.Allowed[Status].Contains(action)) throw OrderLifecycle.InvalidTransition(Status, action);
    }

    private OrderLine Line(string sku) =>
        Lines.Find(l => l.Sku == sku) ?? throw new BusinessRuleException("unknown_line", $"The order has no line {sku}.", 422);

    /// <summary>Sets the payment status from the payment's figures once this action is done, and re-derives the headline.</summary>
    private void SetPayment(long captured, long refunded, bool voided, DateTimeOffset now)
    {
        PaymentStatus = voided ? PaymentStatus.Voided
            : refunded > 0 && refunded >= captured ? PaymentStatus.Refunded
            : refunded > 0 ? PaymentStatus.PartiallyRefunded
            : captured >= Total ? PaymentStatus.Captured
            : PaymentStatus.Authorized;
        Touch(now);
    }

    /// <summary>A privacy erasure: the email and the address go; amounts, lines, statuses and the country and region its tax was worked out for stay.</summary>
    public void ErasePersonalData(string erasedEmail) => (Email, ShippingAddress) = (erasedEmail,
        ShippingAddress is { } a ? new Address("erased", "erased", null, "erased", a.Region, "erased", a.Country, null) : null);

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

/// <summary>What a cancel or void moves: a void at the provider, or a refund of what was captured; the units to restock.</summary>
public sealed record Cancellation(bool Void, long Refund, long Captured, IReadOnlyList<(string Sku, int Quantity)> Restock);

/// <summary>What a refund moves: the amount and its tax share, the units it refunds and the units to restock.</summary>
public sealed record Refund(long Amount, long Tax, IReadOnlyList<RefundedUnits> Units, IReadOnlyList<(string Sku, int Quantity)> Restock);

public sealed record RefundedUnits(string Sku, int Quantity, long Amount, long Tax);
