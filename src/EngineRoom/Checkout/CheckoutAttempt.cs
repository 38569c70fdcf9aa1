using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Checkout;

/// <remarks><see cref="AwaitingAction"/>: the provider needs the customer (3-D Secure); the hold stays until <see cref="CheckoutAttempt.ExpiresAt"/>.</remarks>
public enum AttemptStatus { Authorizing = 0, Completed = 1, Failed = 2, Recovering = 3, AwaitingAction = 4 }

/// <summary>The attempt's stock: held until it is sold with the order, or released (the attempt failed, or its time ran out).</summary>
public enum HoldState { Held = 0, Sold = 1, Released = 2 }

/// <summary>
/// One run of checkout, committed before the payment is taken so that a crash mid-way leaves a trace the recovery
/// job can resolve. Its id is the payment provider's idempotency key for the authorization. It carries the stock it
/// holds (<see cref="Holds"/>, until <see cref="ExpiresAt"/>): whoever moves <see cref="Hold"/> on from Held sells or
/// gives back that stock, exactly once. While it waits on the customer it also keeps the provider's payment id, who
/// may see it, and (sealed) the priced sale it will record.
/// </summary>
public sealed class CheckoutAttempt
{
    public const string KeyPrefix = "checkout-";

    public Guid Id { get; init; }
    public AttemptStatus Status { get; init; }
    public string? IdempotencyScope { get; init; }
    public string? IdempotencyKey { get; init; }
    public Guid? OrderId { get; init; }
    public string? FailureCode { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>The signed-in customer who started it; null for a guest.</summary>
    public Guid? CustomerId { get; init; }
    /// <summary>While it waits on the customer: the provider's payment, the guest's checkout token (its SHA-256), the hold's end, the sale (sealed).</summary>
    public string? ProviderPaymentId { get; init; }
    public byte[]? AccessHash { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public byte[]? Sale { get; init; }
    public HoldState Hold { get; init; }
    /// <summary>The stock held, where (Inventory's <see cref="EngineRoom.Inventory.StockHeld"/> list as JSON).</summary>
    public string? Holds { get; set; }

    public string ProviderKey => $"{KeyPrefix}{Id:N}";

    /// <summary>The attempt an authorization key names (<see cref="ProviderKey"/>), if it is one.</summary>
    public static Guid? FromProviderKey(string? key) =>
        key is { Length: 41 } && key.StartsWith(KeyPrefix, StringComparison.Ordinal) && Guid.TryParseExact(key[KeyPrefix.Length..], "N", out var id) ? id : null;

    /// <summary>The attempt, with the stock it holds until <see cref="ExpiresAt"/>: a statement of the hold, committed with it, before the payment.</summary>
    public void Open(EngineRoom.Data.SqlBatch batch) =>
        batch.Add("""
            INSERT INTO checkout_attempts ("Id", "Status", "IdempotencyScope", "IdempotencyKey", "CreatedAt", "UpdatedAt", "CustomerId", "Hold", "Holds", "ExpiresAt")
            VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9})
            """, Id, (int)Status, IdempotencyScope, IdempotencyKey, CreatedAt, UpdatedAt, CustomerId, (int)HoldState.Held, Holds, ExpiresAt);

    /// <summary>
    /// The first statement of the record: whoever completes the attempt owns it, and sells its hold. No row changed
    /// means someone else resolved it first (the recovery job after a stall or at expiry; for an attempt waiting on the
    /// customer, also the other of the storefront and the provider's webhook), or its hold ran out and was released:
    /// the record must roll back.
    /// </summary>
    public EngineRoom.Data.SqlBatch.Statement Complete(EngineRoom.Data.SqlBatch batch, Guid orderId, DateTimeOffset now) =>
        batch.Add("""
            UPDATE checkout_attempts SET "Status" = {1}, "Hold" = {5}, "OrderId" = {2}, "UpdatedAt" = {3}
            WHERE "Id" = {0} AND "Status" = {4} AND "Hold" = {6}
            """, Id, (int)AttemptStatus.Completed, orderId, now, (int)(Status == AttemptStatus.AwaitingAction ? AttemptStatus.AwaitingAction : AttemptStatus.Authorizing),
            (int)HoldState.Sold, (int)HoldState.Held);

    /// <summary>The payment needs the customer: the attempt keeps its hold and what its record needs, while it is still the checkout's own.</summary>
    public EngineRoom.Data.SqlBatch.Statement Await(EngineRoom.Data.SqlBatch batch, string paymentId, byte[]? accessHash, DateTimeOffset expiresAt,
        byte[] sale, DateTimeOffset now) =>
        batch.Add("""
            UPDATE checkout_attempts SET "Status" = {1}, "ProviderPaymentId" = {2}, "AccessHash" = {3}, "ExpiresAt" = {4}, "Sale" = {5}, "UpdatedAt" = {6}
            WHERE "Id" = {0} AND "Status" = {7}
            """, Id, (int)AttemptStatus.AwaitingAction, paymentId, accessHash, expiresAt, sale, now, (int)AttemptStatus.Authorizing);
}

internal sealed class CheckoutAttemptConfiguration : IEntityTypeConfiguration<CheckoutAttempt>
{
    public void Configure(EntityTypeBuilder<CheckoutAttempt> attempt)
    {
        attempt.ToTable("checkout_attempts");
        attempt.HasKey(a => a.Id);
        attempt.Property(a => a.IdempotencyScope).HasMaxLength(300);
        attempt.Property(a => a.IdempotencyKey).HasMaxLength(255);
        attempt.Property(a => a.FailureCode).HasMaxLength(60);
        attempt.Property(a => a.ProviderPaymentId).HasMaxLength(255);
        attempt.Property(a => a.AccessHash).HasMaxLength(32);
        attempt.Property(a => a.Holds).HasMaxLength(20_000);
        attempt.Ignore(a => a.ProviderKey);
        attempt.HasIndex(a => new { a.Status, a.UpdatedAt });
        attempt.HasIndex(a => new { a.Status, a.ExpiresAt });
    }
}
