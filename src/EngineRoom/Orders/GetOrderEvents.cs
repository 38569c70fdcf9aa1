using System.Security.Claims;
using EngineRoom.Customers;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Orders;

/// <summary>An order's history. Staff see who did it, the note and the details; the customer sees what happened and when.</summary>
internal static class GetOrderEvents
{
    public sealed record StaffEventDto(DateTimeOffset At, string Action, string From, string To, Guid? ActorId, string? Note, string? Details);
    public sealed record CustomerEventDto(DateTimeOffset At, string Action, string From, string To);

    public static RouteHandlerBuilder MapGetOrderEventsForStaff(this RouteGroupBuilder admin) =>
        admin.MapGet("/orders/{id:guid}/events", HandleStaff).WithName("GetOrderEventsForStaff")
            .WithSummary("Any order's history");

    public static RouteHandlerBuilder MapGetOrderEvents(this RouteGroupBuilder store) =>
        store.MapGet("/orders/{id:guid}/events", HandleCustomer).WithName(nameof(GetOrderEvents)).AllowGuestsOrCustomers()
            .WithSummary("An order's history, for its customer or guest");

    private static async Task<Results<Ok<List<StaffEventDto>>, NotFound>> HandleStaff(Guid id, EngineRoomDb db, CancellationToken ct)
    {
        if (!await db.Orders.AnyAsync(o => o.Id == id, ct)) return TypedResults.NotFound();
        var events = await db.OrderEvents.AsNoTracking().Where(e => e.OrderId == id).OrderBy(e => e.Id).ToListAsync(ct);
        return TypedResults.Ok(events.Select(e => new StaffEventDto(e.At, e.Action, OrderDto.StatusName(e.From), OrderDto.StatusName(e.To), e.ActorId, e.Note, e.Details)).ToList());
    }

    private static async Task<Results<Ok<List<CustomerEventDto>>, NotFound>> HandleCustomer(
        Guid id, ClaimsPrincipal user, HttpRequest request, EngineRoomDb db, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().Where(o => o.Id == id).Select(o => new { o.CustomerId, o.GuestTokenHash }).SingleOrDefaultAsync(ct);
        if (order is null || !OrderAccess.Allows(id, order.CustomerId, order.GuestTokenHash, user, request)) return TypedResults.NotFound();
        var events = await db.OrderEvents.AsNoTracking().Where(e => e.OrderId == id).OrderBy(e => e.Id).ToListAsync(ct);
        return TypedResults.Ok(events.Select(e => new CustomerEventDto(e.At, e.Action, OrderDto.StatusName(e.From), OrderDto.StatusName(e.To))).ToList());
    }
}
