using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Catalog.Admin;

/// <summary>Deletes a product with its variants and prices (cascade). Stock records of its SKUs stay with Inventory.</summary>
internal static class DeleteProduct
{
    public static RouteHandlerBuilder MapDeleteProduct(this RouteGroupBuilder admin) =>
        admin.MapDelete("/products/{id:long}", Handle).WithName(nameof(DeleteProduct));

    private static async Task<Results<NoContent, NotFound>> Handle(long id, EngineRoomDb db, CancellationToken ct) =>
        await db.Products.Where(p => p.Id == id).ExecuteDeleteAsync(ct) == 1 ? TypedResults.NoContent() : TypedResults.NotFound();
}
