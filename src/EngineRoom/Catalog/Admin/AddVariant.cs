using System.Security.Claims;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Catalog.Admin;

internal static class AddVariant
{
    public static RouteHandlerBuilder MapAddVariant(this RouteGroupBuilder admin) =>
        admin.MapPost("/products/{id:long}/variants", Handle).WithName(nameof(AddVariant))
            .WithSummary("Add a variant to a product");

    private static async Task<Results<Created<VariantDto>, NotFound, ProblemHttpResult>> Handle(
        long id, VariantInput request, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        var product = await AdminProducts.LoadAsync(db, id, ct);
        if (product is null) return TypedResults.NotFound();
        if (await db.Variants.AnyAsync(v => v.Sku == request.Sku, ct)) return CatalogConflicts.SkuTaken(request.Sku);

        var now = clock.GetUtcNow();
        var variant = product.AddVariant(request.Sku, request.Name, request.OptionValues(), request.PriceValues(), now);
        // The audit entry names the variant's id, known only once it is inserted: two saves in one transaction.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (CatalogConflicts.FromUniqueViolation(e) is { } conflict) { return conflict; }
        var created = VariantDto.From(variant);
        AuditLog.Record(db, user, "variant.create", "variant", variant.Id.ToString(), null, created, now);
        ProductEvents.Updated(db, product, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/admin/variants/{variant.Id}", created);
    }
}
