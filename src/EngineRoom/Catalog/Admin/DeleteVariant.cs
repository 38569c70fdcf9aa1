using System.Security.Claims;
using EngineRoom.Common.Audit;
using EngineRoom.Data;

namespace EngineRoom.Catalog.Admin;

internal static class DeleteVariant
{
    public static RouteHandlerBuilder MapDeleteVariant(this RouteGroupBuilder admin) =>
        admin.MapDelete("/variants/{id:long}", Handle).WithName(nameof(DeleteVariant))
            .WithSummary("Delete a variant");

    // Through the product, so its price ranges follow.
    private static async Task<Results<NoContent, NotFound>> Handle(
        long id, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        if (await AdminProducts.LoadByVariantAsync(db, id, ct) is not ({ } product, { } variant)) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        AuditLog.Record(db, user, "variant.delete", "variant", id.ToString(), VariantDto.From(variant), null, now);
        product.RemoveVariant(variant, now);
        ProductEvents.Updated(db, product, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
