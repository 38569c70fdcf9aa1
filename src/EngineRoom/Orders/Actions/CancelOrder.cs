using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Customers;
using EngineRoom.Data;
using EngineRoom.Payments;

namespace EngineRoom.Orders.Actions;

/// <summary>Cancels an order not yet fulfilled: the payment voided or refunded and the stock put back, in one step.</summary>
internal static class CancelOrder
{
    public sealed record Request([MaxLength(1000)] string? Reason);

    public static RouteHandlerBuilder MapCancelOrder(this RouteGroupBuilder orders) =>
        orders.MapPost("/{id:guid}/cancel", Handle).WithName(nameof(CancelOrder));

    private static Task<Results<Ok<OrderDto>, NotFound, ProblemHttpResult>> Handle(
        Guid id, Request? request, ClaimsPrincipal user, EngineRoomDb db, IPaymentProvider provider, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        OrderActions.RunAsync(db, id, OrderAction.Cancel, user, clock, request?.Reason,
            (order, now) => OrderMoney.CancelAsync(db, provider, http, order, user.TryGetAccountId(), now, ct), ct);
}
