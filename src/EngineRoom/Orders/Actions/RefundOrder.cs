using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Customers;
using EngineRoom.Data;
using EngineRoom.Payments;

namespace EngineRoom.Orders.Actions;

/// <summary>
/// Refunds an amount, or units of lines (what was paid for them, discount included: never the list price), with or
/// without putting them back on hand. Never more than was captured: one action per order at a time, checked
/// against the payment's own figures.
/// </summary>
internal static class RefundOrder
{
    public sealed record Line([Required, MaxLength(64)] string Sku, [Range(1, 999)] int Quantity);

    public sealed record Request([Range(1, long.MaxValue)] long? Amount, [MaxLength(100), NoNullItems] IReadOnlyList<Line>? Lines, bool Restock, [MaxLength(1000)] string? Reason);

    public static RouteHandlerBuilder MapRefundOrder(this RouteGroupBuilder orders) =>
        orders.MapPost("/{id:guid}/refunds", Handle).WithName(nameof(RefundOrder));

    private static async Task<Results<Ok<OrderDto>, NotFound, ProblemHttpResult>> Handle(
        Guid id, Request request, ClaimsPrincipal user, EngineRoomDb db, IPaymentProvider provider, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if ((request.Amount is null) == (request.Lines is not { Count: > 0 }))
            return Problems.Validation("amount", "Give either an amount or lines to refund, not both.");
        if (request.Amount is not null && request.Restock)
            return Problems.Validation("restock", "Restocking needs lines: an amount refund does not say which units came back.");

        return await OrderActions.RunAsync(db, id, OrderAction.Refund, user, clock, request.Reason, (order, now) =>
            OrderMoney.RefundAsync(db, provider, http, order, request.Amount, request.Lines?.Select(l => (l.Sku, l.Quantity)).ToList(),
                request.Restock, request.Reason, user.TryGetAccountId(), now, ct), ct);
    }
}
