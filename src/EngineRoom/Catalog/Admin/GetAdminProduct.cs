using EngineRoom.Data;

namespace EngineRoom.Catalog.Admin;

internal static class GetAdminProduct
{
    public static RouteHandlerBuilder MapGetAdminProduct(this RouteGroupBuilder admin) =>
        admin.MapGet("/products/{id:long}", Handle).WithName(nameof(GetAdminProduct))
            .WithSummary("Get any product");

    private static async Task<Results<Ok<AdminProductDto>, NotFound>> Handle(long id, EngineRoomDb db, CancellationToken ct) =>
        await AdminProducts.LoadAsync(db, id, ct) is { } product ? TypedResults.Ok(AdminProductDto.From(product)) : TypedResults.NotFound();
}
