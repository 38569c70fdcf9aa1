using EngineRoom.Data;

namespace EngineRoom.Catalog.Admin;

internal static class DeleteVariant
{
    public static RouteHandlerBuilder MapDeleteVariant(this RouteGroupBuilder admin) =>
        admin.MapDelete("/variants/{id:long}", Handle).WithName(nameof(DeleteVariant));

    // Through the product, so its price ranges follow.
    private static async Task<Results<NoContent, NotFound>> Handle(long id, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        if (await AdminProducts.LoadByVariantAsync(db, id, ct) is not ({ } product, { } variant)) return TypedResults.NotFound();
        product.RemoveVariant(variant, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
