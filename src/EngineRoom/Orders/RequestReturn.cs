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
        store.MapPost("/orders/{id:guid}/returns", Handle).WithName(nameof(RequestReturn)).AllowGuestsOrCustomers()
            .WithSummary("Ask to return lines of an order");

    private static async Task<Results<Created<Response>, NotFound, ProblemHttpResult>> Handle(
        Guid id, Request request, ClaimsPrincipal user, HttpRequest http, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (order is null || !OrderAccess.Allows(order.Id, order.CustomerId, order.GuestTokenHash, user, http)) return TypedResults.NotFound();
        var earlier = await db.OrderReturns.AsNoTracking().Where(r => r.OrderId == id).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var ret = order.RequestReturn(request.Lines.Select(l => (l.Sku, l.Quantity)).ToList(), earlier, request.Reason, now); // delivered units only, each asked back once
        db.OrderReturns.Add(ret);
        db.OutboxMessages.Add(OutboxMessage.Create(new ReturnRequested(ret.Id, id, ret.Lines.Select(l => new EventLine(l.Sku, l.Quantity)).ToList(), now), now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/store/orders/{id}/returns/{ret.Id}", new Response(ret.Id, id, "requested", ret.Lines, ret.Reason, now));
    }
}
