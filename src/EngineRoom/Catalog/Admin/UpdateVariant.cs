using System.Security.Claims;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Catalog.Admin;

/// <summary>Replaces a variant's SKU, name and options; its prices too when the body has them.</summary>
internal static class UpdateVariant
{
    public static RouteHandlerBuilder MapUpdateVariant(this RouteGroupBuilder admin) =>
        admin.MapPut("/variants/{id:long}", Handle).WithName(nameof(UpdateVariant))
            .WithSummary("Change a variant");

    private static async Task<Results<Ok<VariantDto>, NotFound, ProblemHttpResult>> Handle(
        long id, VariantInput request, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        if (await AdminProducts.LoadByVariantAsync(db, id, ct) is not ({ } product, { } variant)) return TypedResults.NotFound();
        if (await db.Variants.AnyAsync(v => v.Sku == request.Sku && v.Id != id, ct)) return CatalogConflicts.SkuTaken(request.Sku);

        var before = VariantDto.From(variant);
        var now = clock.GetUtcNow();
        product.ChangeVariant(variant, request.Sku, request.Name, request.OptionValues(),
            request.Prices is null ? null : request.PriceValues(), now);
        var after = VariantDto.From(variant);
        AuditLog.Record(db, user, "variant.update", "variant", id.ToString(), before, after, now);
        ProductEvents.Updated(db, product, now);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (CatalogConflicts.FromUniqueViolation(e) is { } conflict) { return conflict; }
        return TypedResults.Ok(after);
    }
}
