using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Orders;

internal static class GetOrderForStaff
{
    public static RouteHandlerBuilder MapGetOrderForStaff(this RouteGroupBuilder admin) =>
        admin.MapGet("/orders/{id:guid}", Handle).WithName(nameof(GetOrderForStaff))
            .WithSummary("Get any order");

    internal static async Task<Results<Ok<OrderDto>, NotFound>> Handle(Guid id, EngineRoomDb db, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == id, ct);
        return order is null ? TypedResults.NotFound() : TypedResults.Ok(await OrderDetails.LoadAsync(db, order, ct));
    }
}
