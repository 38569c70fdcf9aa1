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
