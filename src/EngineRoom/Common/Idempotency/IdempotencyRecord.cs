using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Common.Idempotency;

/// <summary>
/// One Idempotency-Key of one caller. Inserted (under its primary key) before the work starts, so of two concurrent
/// requests with the same key exactly one runs; completed with the exact response bytes that every retry gets back.
/// </summary>
public sealed class IdempotencyRecord
{
    public string Scope { get; init; } = "";
    public string Key { get; init; } = "";
    public byte[] RequestHash { get; init; } = [];
    public bool Completed { get; init; }
    public int? StatusCode { get; init; }
    public string? ContentType { get; init; }
    public string? Location { get; init; }
    public byte[]? Body { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> record)
    {
        record.ToTable("common_idempotency_keys");
        record.HasKey(r => new { r.Scope, r.Key });
        record.Property(r => r.Scope).HasMaxLength(300);
        record.Property(r => r.Key).HasMaxLength(255);
        record.Property(r => r.RequestHash).HasMaxLength(32);
        record.Property(r => r.ContentType).HasMaxLength(100);
        record.Property(r => r.Location).HasMaxLength(500);
        record.HasIndex(r => r.ExpiresAt);
    }
}
