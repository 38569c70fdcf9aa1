using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Checkout;

public enum AttemptStatus { Authorizing = 0, Completed = 1, Failed = 2, Recovering = 3 }

/// <summary>
/// One run of checkout, committed before the payment is taken so that a crash mid-way leaves a trace the recovery
/// job can resolve. Its id is the payment provider's idempotency key for the authorization.
/// </summary>
public sealed class CheckoutAttempt
{
    public Guid Id { get; init; }
    public AttemptStatus Status { get; init; }
    public string? IdempotencyScope { get; init; }
    public string? IdempotencyKey { get; init; }
    public Guid? OrderId { get; init; }
    public string? FailureCode { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public string ProviderKey => $"checkout-{Id:N}";

    /// <summary>The first statement of the hold: the attempt, committed with what it holds, before the payment.</summary>
    public void Open(EngineRoom.Data.SqlBatch batch) =>
        batch.Add("""
            INSERT INTO checkout_attempts ("Id", "Status", "IdempotencyScope", "IdempotencyKey", "CreatedAt", "UpdatedAt")
            VALUES ({0}, {1}, {2}, {3}, {4}, {5})
            """, Id, (int)Status, IdempotencyScope, IdempotencyKey, CreatedAt, UpdatedAt);

    /// <summary>
    /// The first statement of the record: whoever completes the attempt owns it. No row changed means the recovery job
    /// took it first (after a stall): the record must roll back.
    /// </summary>
    public EngineRoom.Data.SqlBatch.Statement Complete(EngineRoom.Data.SqlBatch batch, Guid orderId, DateTimeOffset now) =>
        batch.Add("""
            UPDATE checkout_attempts SET "Status" = {1}, "OrderId" = {2}, "UpdatedAt" = {3} WHERE "Id" = {0} AND "Status" = {4}
            """, Id, (int)AttemptStatus.Completed, orderId, now, (int)AttemptStatus.Authorizing);
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
        attempt.Ignore(a => a.ProviderKey);
        attempt.HasIndex(a => new { a.Status, a.UpdatedAt });
    }
}
