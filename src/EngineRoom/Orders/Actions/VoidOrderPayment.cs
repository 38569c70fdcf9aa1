using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Customers;
using EngineRoom.Data;
using EngineRoom.Payments;

namespace EngineRoom.Orders.Actions;

/// <summary>Voids an authorization nothing was captured from. The order is then cancelled and its stock put back.</summary>
internal static class VoidOrderPayment
{
    public sealed record Request([MaxLength(1000)] string? Reason);

    public static RouteHandlerBuilder MapVoidOrderPayment(this RouteGroupBuilder orders) =>
        orders.MapPost("/{id:guid}/void", Handle).WithName(nameof(VoidOrderPayment));

    private static Task<Results<Ok<OrderDto>, NotFound, ProblemHttpResult>> Handle(
        Guid id, Request? request, ClaimsPrincipal user, EngineRoomDb db, IPaymentProvider provider, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        OrderActions.RunAsync(db, id, OrderAction.Void, user, clock, request?.Reason, async (order, now) =>
        {
            if ((await OrderMoney.PaymentOfAsync(db, order.Id, ct))?.Captured > 0)
                throw new BusinessRuleException("already_captured", "Part of this payment was captured: cancel or refund the order instead.");
            return await OrderMoney.CancelAsync(db, provider, http, order, user.TryGetAccountId(), now, ct);
        }, ct);
}
