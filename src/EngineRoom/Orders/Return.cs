using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Orders;

public enum ReturnStatus { Requested, Received }

/// <summary>A customer's request to send back delivered units; staff receive it, restock or not, and refund it.</summary>
public sealed class OrderReturn
{
    public Guid Id { get; private set; }
    public Guid OrderId { get; private set; }
    public ReturnStatus Status { get; private set; }
    public List<FulfilledLine> Lines { get; private set; } = [];
    public string? Reason { get; private set; }
    public DateTimeOffset RequestedAt { get; private set; }
    public DateTimeOffset? ReceivedAt { get; private set; }
    public bool Restocked { get; private set; }
    public long RefundedAmount { get; private set; }

    private OrderReturn() { }

    /// <summary>Made by <see cref="Order.RequestReturn"/>, which checks what may be returned.</summary>
    internal static OrderReturn Requested(Guid orderId, List<FulfilledLine> lines, string? reason, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now), OrderId = orderId, Status = ReturnStatus.Requested, Lines = lines, Reason = reason, RequestedAt = now,
    };

    /// <summary>Called by <see cref="Order.ReceiveReturn"/>, which checks it was not received before.</summary>
    internal void Receive(bool restocked, long refunded, DateTimeOffset now) =>
        (Status, ReceivedAt, Restocked, RefundedAmount) = (ReturnStatus.Received, now, restocked, refunded);
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
