using System.Security.Claims;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Catalog.Admin;

/// <summary>Deletes a product with its variants and prices (cascade). Stock records of its SKUs stay with Inventory.</summary>
internal static class DeleteProduct
{
    public static RouteHandlerBuilder MapDeleteProduct(this RouteGroupBuilder admin) =>
        admin.MapDelete("/products/{id:long}", Handle).WithName(nameof(DeleteProduct))
            .WithSummary("Delete a product");

    // The product is read first for the audit entry's "before"; the delete and the entry commit together.
    private static async Task<Results<NoContent, NotFound>> Handle(
        long id, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var product = await AdminProducts.LoadAsync(db, id, ct);
        if (product is null) return TypedResults.NotFound();
        var before = AdminProductDto.From(product);
        if (await db.Products.Where(p => p.Id == id).ExecuteDeleteAsync(ct) == 0) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        AuditLog.Record(db, user, "product.delete", "product", id.ToString(), before, null, now);
        ProductEvents.Deleted(db, product, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
