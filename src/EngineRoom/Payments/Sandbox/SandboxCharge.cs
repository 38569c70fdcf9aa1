using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Payments.Sandbox;

/// <summary>
/// The sandbox provider's own record of a charge: what a real provider would keep on its side. Tests count these to
/// prove one charge per idempotency key.
/// </summary>
public sealed class SandboxCharge
{
    public string Id { get; init; } = "";
    public string IdempotencyKey { get; init; } = "";
    public string Token { get; init; } = "";
    public string Currency { get; init; } = "";
    public long Authorized { get; init; }
    public long Captured { get; set; }
    public long Refunded { get; set; }
    public PaymentState State { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A capture, void or refund the sandbox performed, by its idempotency key, so a retried call is not applied twice.</summary>
public sealed class SandboxOperation
{
    public string IdempotencyKey { get; init; } = "";
    public string ChargeId { get; init; } = "";
    public string Kind { get; init; } = "";
    public long Amount { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

internal sealed class SandboxConfiguration : IEntityTypeConfiguration<SandboxCharge>, IEntityTypeConfiguration<SandboxOperation>
{
    public void Configure(EntityTypeBuilder<SandboxCharge> charge)
    {
        charge.ToTable("payments_sandbox_charges");
        charge.HasKey(c => c.Id);
        charge.Property(c => c.Id).HasMaxLength(40);
        charge.Property(c => c.IdempotencyKey).HasMaxLength(200);
        charge.HasIndex(c => c.IdempotencyKey).IsUnique();
        charge.Property(c => c.Token).HasMaxLength(64);
        charge.Property(c => c.Currency).HasMaxLength(3);
        charge.Property(c => c.State).HasConversion<string>().HasMaxLength(20);
    }

    public void Configure(EntityTypeBuilder<SandboxOperation> operation)
    {
        operation.ToTable("payments_sandbox_operations");
        operation.HasKey(o => o.IdempotencyKey);
        operation.Property(o => o.IdempotencyKey).HasMaxLength(200);
        operation.Property(o => o.ChargeId).HasMaxLength(40);
        operation.Property(o => o.Kind).HasMaxLength(20);
    }
}
