using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Outbox;
using EngineRoom.Customers;
using EngineRoom.Data;
using EngineRoom.Events;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Orders;

/// <summary>A customer (or a guest with the order token) asks to return delivered units. Exchanges are out of scope.</summary>
internal static class RequestReturn
{
    public sealed record Line([Required, MaxLength(64)] string Sku, [Range(1, 999)] int Quantity);
    public sealed record Request([Required, MinLength(1), MaxLength(100), NoNullItems] IReadOnlyList<Line> Lines, [MaxLength(1000)] string? Reason);
    public sealed record Response(Guid Id, Guid OrderId, string Status, IReadOnlyList<FulfilledLine> Lines, string? Reason, DateTimeOffset RequestedAt);

    public static RouteHandlerBuilder MapRequestReturn(this RouteGroupBuilder store) =>
        store.MapPost("/orders/{id:guid}/returns", Handle).WithName(nameof(RequestReturn)).AllowGuestsOrCustomers();

    private static async Task<Results<Created<Response>, NotFound, ProblemHttpResult>> Handle(
        Guid id, Request request, ClaimsPrincipal user, HttpRequest http, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (order is null || !OrderAccess.Allows(order.CustomerId, order.GuestTokenHash, user, http)) return TypedResults.NotFound();
        order.EnsureAllowed(OrderAction.RequestReturn);

        // Units already asked back (in any return) cannot be asked back twice.
        var asked = (await db.OrderReturns.AsNoTracking().Where(r => r.OrderId == id).ToListAsync(ct))
            .SelectMany(r => r.Lines).GroupBy(l => l.Sku).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        foreach (var line in request.Lines.GroupBy(l => l.Sku))
        {
            var ordered = order.Lines.Find(l => l.Sku == line.Key);
            var returnable = ordered is null ? 0 : ordered.FulfilledQuantity - ordered.RefundedQuantity - asked.GetValueOrDefault(line.Key);
            if (line.Sum(l => l.Quantity) > returnable)
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, "quantity_exceeds_order", $"Only {Math.Max(0, returnable)} of {line.Key} can be returned.");
        }

        var now = clock.GetUtcNow();
        var ret = new OrderReturn
        {
            Id = Guid.CreateVersion7(now), OrderId = id, Status = ReturnStatus.Requested, Reason = request.Reason, RequestedAt = now,
            Lines = request.Lines.GroupBy(l => l.Sku).Select(g => new FulfilledLine(g.Key, g.Sum(l => l.Quantity))).ToList(),
        };
        db.OrderReturns.Add(ret);
        db.OutboxMessages.Add(OutboxMessage.Create(new ReturnRequested(ret.Id, id, ret.Lines.Select(l => new EventLine(l.Sku, l.Quantity)).ToList(), now), now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/store/orders/{id}/returns/{ret.Id}", new Response(ret.Id, id, "requested", ret.Lines, ret.Reason, now));
    }
}
