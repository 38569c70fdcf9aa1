namespace EngineRoom.Customers;

/// <summary>
/// What sign-in asks of the carts: take a guest's cart into the customer's. Carts implements it, so Customers, which
/// every module depends on for who is calling, does not depend on Carts.
/// </summary>
public interface IGuestCartMerge
{
    /// <returns>The id of the customer's cart afterwards, or null when there was no open guest cart to merge.</returns>
    Task<string?> MergeAsync(string guestCartId, Guid customerId, DateTimeOffset now, CancellationToken ct);
}
