using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Orders;

public enum ReturnStatus { Requested, Received }

/// <summary>A customer's request to send back delivered units; staff receive it, restock or not, and refund it.</summary>
public sealed class OrderReturn
{
    public Guid Id { get; init; }
    public Guid OrderId { get; init; }
    public ReturnStatus Status { get; set; }
    public List<FulfilledLine> Lines { get; init; } = [];
    public string? Reason { get; init; }
    public DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset? ReceivedAt { get; set; }
    public bool Restocked { get; set; }
    public long RefundedAmount { get; set; }
}

internal sealed class OrderReturnConfiguration : IEntityTypeConfiguration<OrderReturn>
{
    public void Configure(EntityTypeBuilder<OrderReturn> r)
    {
        r.ToTable("orders_returns");
        r.HasKey(x => x.Id);
        r.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        r.Property(x => x.Reason).HasMaxLength(1000);
        r.OwnsMany(x => x.Lines, l => l.ToJson("lines"));
        r.HasIndex(x => x.OrderId);
    }
}
