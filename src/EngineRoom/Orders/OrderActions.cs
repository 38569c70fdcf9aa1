using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Audit;
using EngineRoom.Customers;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Orders;

/// <summary>
/// Runs one staff action on one order at a time. The action first takes the order's lease with one conditional
/// UPDATE (so a cancel racing a fulfil, or two refunds, never interleave: the second gets 409 <c>order_busy</c>, or
/// sees the first one's result), checks the transition, does its work (which may call the payment provider outside
/// any transaction), and saves the order, its event, the audit entry and whatever else it added in one transaction
/// that also gives the lease back. A lease outlives a crash by at most <see cref="LeaseTime"/>.
/// </summary>
/// <param name="Details">What the action moved, kept on the order event.</param>
/// <param name="Record">Statements to run in the action's transaction (stock restocks), besides the tracked changes.</param>
internal sealed record ActionOutcome(object? Details = null, Func<CancellationToken, Task>? Record = null);

internal static class OrderActions
{
    public static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(60);

    public static async Task<Results<Ok<OrderDto>, NotFound, ProblemHttpResult>> RunAsync(
        EngineRoomDb db, Guid orderId, OrderAction action, ClaimsPrincipal actor, TimeProvider clock, string? note,
        Func<Order, DateTimeOffset, Task<ActionOutcome>> work, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var lease = Guid.NewGuid();
        var taken = await db.Orders.Where(o => o.Id == orderId && (o.LeaseId == null || o.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.LeaseId, lease).SetProperty(o => o.LeaseUntil, now + LeaseTime), ct);
        if (taken == 0)
            return await db.Orders.AnyAsync(o => o.Id == orderId, ct)
                ? Problems.Conflict("order_busy", "Another action on this order is in progress. Retry in a moment.")
                : TypedResults.NotFound();
        try
        {
            var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == orderId, ct);
            var before = OrderDto.From(order);
            var from = order.Status;
            order.EnsureAllowed(action);
            var outcome = await work(order, now);

            order.ReleaseLease();
            db.OrderEvents.Add(new OrderEvent
            {
                OrderId = orderId, At = now, ActorId = actor.TryGetAccountId(), Action = action.ToString().ToLowerInvariant(),
                From = from, To = order.Status, Note = note,
                Details = outcome.Details is null ? null : System.Text.Json.JsonSerializer.Serialize(outcome.Details, System.Text.Json.JsonSerializerOptions.Web),
            });
            var after = OrderDto.From(order);
            AuditLog.Record(db, actor, $"order.{action.ToString().ToLowerInvariant()}", "order", orderId.ToString(), before, after, now);
            // One transaction for everything the action records. LeaseId is a concurrency token, so it lands only
            // while this action still holds the lease.
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                if (outcome.Record is not null) await outcome.Record(ct);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            return TypedResults.Ok(after);
        }
        finally
        {
            // Gives the lease back if the action failed before saving (a no-op when it saved).
            await db.Orders.Where(o => o.Id == orderId && o.LeaseId == lease)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.LeaseId, (Guid?)null).SetProperty(o => o.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
        }
    }
}
