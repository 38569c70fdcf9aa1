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
        orders.MapPost("/{id:guid}/capture", Handle).WithName(nameof(CaptureOrderPayment));

    private static Task<Results<Ok<OrderDto>, NotFound, ProblemHttpResult>> Handle(
        Guid id, Request? request, ClaimsPrincipal user, EngineRoomDb db, IPaymentProvider provider, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        OrderActions.RunAsync(db, id, OrderAction.Capture, user, clock, null, async (order, now) =>
        {
            var payment = await OrderMoney.PaymentOfAsync(db, order.Id, ct)
                ?? throw new BusinessRuleException("no_payment", "This order has no payment to capture.");
            var left = payment.Authorized - payment.Captured;
            var amount = request?.Amount ?? left;
            if (amount > left)
                throw new BusinessRuleException("capture_exceeds_authorized", $"Only {left} of the authorization is left to capture.", 422);

            var result = OrderMoney.Succeeded(await provider.CaptureAsync(payment.ProviderPaymentId, amount, OrderMoney.ProviderKey(http, "capture", order.Id), ct));
            payment.Captured = result.Captured;
            payment.State = result.State;
            db.JournalEntries.Add(SaleEntries.PaymentCaptured(order.Id, order.Currency, amount, now));
            order.ApplyPayment(payment.Captured, payment.Refunded, voided: false, now);
            if (order.Status == OrderStatus.Paid) db.OutboxMessages.Add(OutboxMessage.Create(new OrderPaid(order.Id, order.CustomerId, new Money(order.Total, order.Currency), now), now));
            return new ActionOutcome(new { captured = amount });
        }, ct);
}
