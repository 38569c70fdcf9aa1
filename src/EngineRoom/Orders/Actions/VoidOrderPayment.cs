using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Outbox;
using EngineRoom.Customers;
using EngineRoom.Data;
using EngineRoom.Events;
using EngineRoom.Inventory;
using EngineRoom.Ledger;
using EngineRoom.Payments;

namespace EngineRoom.Orders.Actions;

/// <summary>Voids an authorization nothing was captured from. The order is then cancelled and its stock put back.</summary>
internal static class VoidOrderPayment
{
    public sealed record Request([MaxLength(1000)] string? Reason);

    public static RouteHandlerBuilder MapVoidOrderPayment(this RouteGroupBuilder orders) =>
        orders.MapPost("/{id:guid}/void", Handle).WithName(nameof(VoidOrderPayment))
            .WithSummary("Void an uncaptured authorization");

    private static async Task<Results<Ok<OrderDto>, NotFound, ProblemHttpResult>> Handle(
        Guid id, Request? request, ClaimsPrincipal user, EngineRoomDb db, IPaymentProvider provider, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var lease = await OrderLease.TakeAsync(db, id, now, ct);
        if (lease.Busy is { } busy) return busy;
        if (lease.Order is not { } order) return TypedResults.NotFound();

        var payment = await OrderPayments.FindAsync(db, id, ct);
        var cancelled = order.Void(payment, now); // nothing may have been captured
        if (cancelled.Void) await OrderPayments.VoidAsync(provider, payment!, lease.ProviderKey(http, "void"), ct);

        Journal.Append(db, AfterSaleEntries.Cancellation(id, order.Currency, order.Subtotal, order.DiscountTotal, order.ShippingTotal, order.TaxTotal,
            order.Total, cancelled.Captured, cancelled.Refund, now));
        db.OutboxMessages.Add(OutboxMessage.Create(new OrderCancelled(id, new Money(cancelled.Refund, order.Currency), cancelled.Void, now), now));
        var details = new { refunded = cancelled.Refund, restocked = cancelled.Restock.Select(r => new { r.Sku, r.Quantity }) };
        return TypedResults.Ok(await lease.SaveAsync(OrderAction.Void, user, request?.Reason, details, now, ct, async t =>
        {
            foreach (var (sku, quantity) in cancelled.Restock)
                await StockReturns.RestockAsync(db, id, sku, quantity, "cancel_restock", user.TryGetAccountId(), now, t);
        }));
    }
}
