using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Customers;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Orders;

internal static class ListMyOrders
{
    public static RouteHandlerBuilder MapListMyOrders(this RouteGroupBuilder store) =>
        store.MapGet("/orders", Handle).WithName(nameof(ListMyOrders)).RequireAuthorization(Policies.Customer)
            .WithSummary("List the signed-in customer's orders");

    private static async Task<Results<Ok<Page<OrderDto>>, ProblemHttpResult>> Handle(
        ClaimsPrincipal user, EngineRoomDb db, [Range(1, 100)] int? limit, string? cursor, CancellationToken ct)
    {
        var me = user.AccountId();
        return await OrderQueries.PageAsync(db.Orders.Where(o => o.CustomerId == me), limit, cursor, ct);
    }
}
