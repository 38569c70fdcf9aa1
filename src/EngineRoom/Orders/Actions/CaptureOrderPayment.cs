using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Outbox;
using EngineRoom.Data;
using EngineRoom.Events;
using EngineRoom.Ledger;
using EngineRoom.Payments;

namespace EngineRoom.Orders.Actions;

/// <summary>Captures all or part of what is still authorized (manual capture mode). Partial captures add up.</summary>
internal static class CaptureOrderPayment
{
    public sealed record Request([Range(1, long.MaxValue)] long? Amount);

    public static RouteHandlerBuilder MapCaptureOrderPayment(this RouteGroupBuilder orders) =>
        orders.MapPost("/{id:guid}/capture", Handle).WithName(nameof(CaptureOrderPayment))
            .WithSummary("Capture an authorized payment (in full or in part)");

    private static async Task<Results<Ok<OrderDto>, NotFound, ProblemHttpResult>> Handle(
        Guid id, Request? request, ClaimsPrincipal user, EngineRoomDb db, IPaymentProvider provider, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var lease = await OrderLease.TakeAsync(db, id, now, ct);
        if (lease.Busy is { } busy) return busy;
        if (lease.Order is not { } order) return TypedResults.NotFound();

        var payment = await OrderPayments.FindAsync(db, id, ct);
        var amount = order.Capture(request?.Amount, payment, now); // a broken rule throws, mapped to 409/422
        await OrderPayments.CaptureAsync(provider, payment!, amount, lease.ProviderKey(http, "capture"), ct);

        Journal.Append(db, SaleEntries.PaymentCaptured(id, order.Currency, amount, now));
        db.OutboxMessages.Add(OutboxMessage.Create(new OrderCaptured(id, new Money(amount, order.Currency), new Money(payment!.Captured, order.Currency), now), now));
        if (order.Status == OrderStatus.Paid)
            db.OutboxMessages.Add(OutboxMessage.Create(new OrderPaid(id, order.CustomerId, new Money(order.Total, order.Currency), now), now));
        return TypedResults.Ok(await lease.SaveAsync(OrderAction.Capture, user, null, new { captured = amount }, now, ct));
    }
}
