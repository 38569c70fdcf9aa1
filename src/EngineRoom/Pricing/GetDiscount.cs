using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Pricing;

internal static class GetDiscount
{
    public static RouteHandlerBuilder MapGetDiscount(this RouteGroupBuilder discounts) =>
        discounts.MapGet("/{id:guid}", Handle).WithName(nameof(GetDiscount))
            .WithSummary("Get a discount");

    private static async Task<Results<Ok<DiscountDto>, NotFound>> Handle(Guid id, EngineRoomDb db, CancellationToken ct) =>
        await db.Discounts.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct) is { } discount
            ? TypedResults.Ok(DiscountDto.From(discount, await DiscountUsage.CountAsync(db, discount, ct)))
            : TypedResults.NotFound();
}
