using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Pricing;

internal static class GetShippingMethod
{
    public static RouteHandlerBuilder MapGetShippingMethod(this RouteGroupBuilder methods) =>
        methods.MapGet("/{id:guid}", Handle).WithName(nameof(GetShippingMethod))
            .WithSummary("Get a shipping method");

    private static async Task<Results<Ok<ShippingMethodDto>, NotFound>> Handle(Guid id, EngineRoomDb db, CancellationToken ct) =>
        await db.ShippingMethods.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct) is { } method
            ? TypedResults.Ok(ShippingMethodDto.From(method))
            : TypedResults.NotFound();
}
