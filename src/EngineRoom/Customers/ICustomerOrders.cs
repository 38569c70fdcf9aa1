using EngineRoom.Common;

namespace EngineRoom.Customers;

/// <summary>
/// What the customer pages and privacy requests ask of the orders. Orders implements it, so Customers, which every
/// module depends on for who is calling, does not depend on Orders.
/// </summary>
public interface ICustomerOrders
{
    /// <param name="recent">How many of the newest orders to list.</param>
    Task<CustomerOrdersSummary> SummarizeAsync(Guid customerId, int recent, CancellationToken ct);

    /// <summary>Every order of the customer, as the customer's own order pages show it (for a data export).</summary>
    Task<IReadOnlyList<object>> ExportAsync(Guid customerId, CancellationToken ct);

    /// <summary>
    /// Replaces the personal data on the customer's orders (email, address but its country and region) in the caller's
    /// unit of work, saved with it; amounts, lines and statuses stay. Returns how many orders it changed.
    /// </summary>
    Task<int> ErasePersonalDataAsync(Guid customerId, string erasedEmail, CancellationToken ct);
}

/// <param name="Open">Orders not yet shipped, cancelled or refunded: their address is still needed.</param>
/// <param name="Totals">The sum of the order totals per currency, cancelled orders left out.</param>
public sealed record CustomerOrdersSummary(int Count, int Open, IReadOnlyList<Money> Totals, IReadOnlyList<CustomerOrderRow> Recent);

public sealed record CustomerOrderRow(Guid Id, string Status, Money Total, DateTimeOffset PlacedAt);

/// <summary>What a customer's erasure asks of the carts (Carts implements it, as it does <see cref="IGuestCartMerge"/>).</summary>
public interface ICustomerCarts
{
    /// <summary>Removes the email and shipping address from the customer's carts, in the caller's unit of work. Returns how many changed.</summary>
    Task<int> ErasePersonalDataAsync(Guid customerId, CancellationToken ct);
}
