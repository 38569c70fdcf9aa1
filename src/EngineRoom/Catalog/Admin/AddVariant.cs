using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Catalog.Admin;

internal static class AddVariant
{
    public static RouteHandlerBuilder MapAddVariant(this RouteGroupBuilder admin) =>
        admin.MapPost("/products/{id:long}/variants", Handle).WithName(nameof(AddVariant));

    private static async Task<Results<Created<VariantDto>, NotFound, ProblemHttpResult>> Handle(
        long id, VariantInput request, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        var product = await AdminProducts.LoadAsync(db, id, ct);
        if (product is null) return TypedResults.NotFound();
        if (await db.Variants.AnyAsync(v => v.Sku == request.Sku, ct)) return CatalogConflicts.SkuTaken(request.Sku);

        var variant = product.AddVariant(request.Sku, request.Name, request.OptionValues, request.PriceValues, clock.GetUtcNow());
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (CatalogConflicts.FromUniqueViolation(e) is { } conflict) { return conflict; }
        return TypedResults.Created($"/admin/variants/{variant.Id}", VariantDto.From(variant));
    }
}
