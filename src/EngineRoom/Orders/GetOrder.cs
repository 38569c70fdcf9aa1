using System.Security.Claims;
using EngineRoom.Customers;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Orders;

/// <summary>
/// A customer's own order, or a guest's with the token it got at checkout (header <c>Order-Token</c>). Anything
/// else is 404, so order ids are never confirmed to strangers.
/// </summary>
internal static class GetOrder
{
    public static RouteHandlerBuilder MapGetOrder(this RouteGroupBuilder store) =>
        store.MapGet("/orders/{id:guid}", Handle).WithName(nameof(GetOrder)).AllowGuestsOrCustomers()
            .WithSummary("Get an order (a customer's own, or a guest's with its Order-Token)")
            .WithDescription("A guest sends the `orderToken` from the checkout answer in the `Order-Token` header. Anything else " +
                "is 404.");

    internal static async Task<Results<Ok<OrderDto>, NotFound>> Handle(Guid id, ClaimsPrincipal user, HttpRequest request, EngineRoomDb db, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (order is null) return TypedResults.NotFound();

        if (!OrderAccess.Allows(order.Id, order.CustomerId, order.GuestTokenHash, user, request)) return TypedResults.NotFound();
        return TypedResults.Ok(await OrderDetails.LoadAsync(db, order, ct));
    }
}
