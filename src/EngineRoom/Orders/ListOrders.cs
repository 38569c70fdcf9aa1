using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;
using EngineRoom.Data;

namespace EngineRoom.Orders;

/// <summary>Staff's view of all orders, filtered by status, date range and customer.</summary>
internal static class ListOrders
{
    public static RouteHandlerBuilder MapListOrders(this RouteGroupBuilder admin) =>
        admin.MapGet("/orders", Handle).WithName(nameof(ListOrders))
            .WithSummary("List and filter all orders");

    private static async Task<Results<Ok<Page<OrderDto>>, ProblemHttpResult>> Handle(
        EngineRoomDb db, string? status, DateTimeOffset? from, DateTimeOffset? to, Guid? customerId, string? email,
        [Range(1, 100)] int? limit, string? cursor, CancellationToken ct)
    {
        var orders = db.Orders.AsQueryable();
        if (status is not null)
        {
            var parsed = Enum.GetValues<OrderStatus>().Where(s => OrderDto.StatusName(s) == status).ToList();
            if (parsed.Count == 0) return Problems.Validation("status", $"Unknown status '{status}'.");
            orders = orders.Where(o => o.Status == parsed[0]);
        }
        if (from is { } f) orders = orders.Where(o => o.PlacedAt >= f.ToUniversalTime());
        if (to is { } t) orders = orders.Where(o => o.PlacedAt < t.ToUniversalTime());
        if (customerId is { } c) orders = orders.Where(o => o.CustomerId == c);
        if (email is not null) orders = orders.Where(o => o.Email == email.Trim());
        return await OrderQueries.PageAsync(orders, limit, cursor, ct);
    }
}
