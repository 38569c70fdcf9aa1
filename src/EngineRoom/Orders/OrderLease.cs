using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Audit;
using EngineRoom.Common.Idempotency;
using EngineRoom.Customers;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Orders;

/// <summary>
/// One staff action on one order at a time. <see cref="TakeAsync"/> takes the order's lease with one conditional
/// UPDATE (a cancel racing a fulfil, or two refunds, never interleave: the second gets 409 <c>order_busy</c>, or sees
/// the first one's result) and loads the order. <see cref="SaveAsync"/> saves the order, its event, the audit entry and
/// whatever else the action added in one transaction that also gives the lease back; LeaseId is a concurrency token,
/// so it lands only while this action still holds the lease. Disposing gives the lease back if the action failed
/// before saving. A lease outlives a crash by at most <see cref="LeaseTime"/>. The rules are the order's own.
/// </summary>
internal sealed class OrderLease : IAsyncDisposable
{
    public static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(60);

    private readonly EngineRoomDb _db;
    private readonly Guid _orderId;
    private readonly Guid _lease = Guid.NewGuid();
    private OrderDto? _before;
    private OrderStatus _from;

    private OrderLease(EngineRoomDb db, Guid orderId) => (_db, _orderId) = (db, orderId);

    /// <summary>The order, tracked; null when there is no such order or <see cref="Busy"/>.</summary>
    public Order? Order { get; private set; }

    /// <summary>409 <c>order_busy</c> when another action holds the order.</summary>
    public ProblemHttpResult? Busy { get; private set; }

    public static async Task<OrderLease> TakeAsync(EngineRoomDb db, Guid orderId, DateTimeOffset now, CancellationToken ct)
    {
        var lease = new OrderLease(db, orderId);
        var taken = await db.Orders.Where(o => o.Id == orderId && (o.LeaseId == null || o.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.LeaseId, lease._lease).SetProperty(o => o.LeaseUntil, now + LeaseTime), ct);
        if (taken == 0)
        {
            if (await db.Orders.AnyAsync(o => o.Id == orderId, ct))
                lease.Busy = Problems.Conflict("order_busy", "Another action on this order is in progress. Retry in a moment.");
            return lease;
        }
        lease.Order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == orderId, ct);
        (lease._before, lease._from) = (OrderDto.From(lease.Order), lease.Order.Status);
        return lease;
    }

    /// <summary>
    /// The provider's idempotency key for one operation on this order: derived from the client's Idempotency-Key, so a
    /// retry after a provider failure repeats the same provider call instead of making a second one.
    /// </summary>
    public string ProviderKey(HttpContext http, string operation) =>
        $"{operation}-{_orderId:N}-{Idempotency.Current(http)?.Key ?? Guid.NewGuid().ToString("N")}";

    /// <param name="details">What the action moved, kept on the order event.</param>
    /// <param name="alsoInTransaction">Statements to run in the action's transaction (stock restocks), besides the tracked changes.</param>
    public async Task<OrderDto> SaveAsync(OrderAction action, ClaimsPrincipal actor, string? note, object? details, DateTimeOffset now,
        CancellationToken ct, Func<CancellationToken, Task>? alsoInTransaction = null)
    {
        var order = Order ?? throw new InvalidOperationException("No order is held.");
        var name = action.ToString().ToLowerInvariant();
        order.ReleaseLease();
        _db.OrderEvents.Add(new OrderEvent
        {
            OrderId = order.Id, At = now, ActorId = actor.TryGetAccountId(), Action = name, From = _from, To = order.Status, Note = note,
            Details = details is null ? null : System.Text.Json.JsonSerializer.Serialize(details, System.Text.Json.JsonSerializerOptions.Web),
        });
        var after = OrderDto.From(order);
        AuditLog.Record(_db, actor, $"order.{name}", "order", order.Id.ToString(), _before, after, now);
        await using var tx = await _db.Database.BeginTransactionAsync(ct);
        if (alsoInTransaction is not null) await alsoInTransaction(ct);
        await _db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await OrderDetails.LoadAsync(_db, order, ct); // the answer shows the fulfilment or return this action touched
    }

    public async ValueTask DisposeAsync()
    {
        if (Order is null) return;
        // A no-op when the action saved (the lease went with it).
        await _db.Orders.Where(o => o.Id == _orderId && o.LeaseId == _lease)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.LeaseId, (Guid?)null).SetProperty(o => o.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
    }
}
