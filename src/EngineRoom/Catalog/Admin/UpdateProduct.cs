using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Catalog.Admin;

/// <summary>Replaces a product's own fields (variants have their own endpoints).</summary>
internal static class UpdateProduct
{
    public sealed record Request(
        [Required, MaxLength(200), RegularExpression(Slugs.Pattern, ErrorMessage = Slugs.Message)] string Slug,
        [Required, MaxLength(300)] string Name,
        [MaxLength(500)] string? ShortDescription,
        [MaxLength(10_000)] string? Description,
        long? CategoryId,
        bool Published,
        [MaxLength(20)] List<string>? Images);

    public static RouteHandlerBuilder MapUpdateProduct(this RouteGroupBuilder admin) =>
        admin.MapPut("/products/{id:long}", Handle).WithName(nameof(UpdateProduct))
            .WithSummary("Change a product");

    private static async Task<Results<Ok<AdminProductDto>, NotFound, ProblemHttpResult>> Handle(
        long id, Request request, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        if (AdminProducts.ImagesProblem(request.Images) is { } badImages) return badImages;
        var product = await AdminProducts.LoadAsync(db, id, ct);
        if (product is null) return TypedResults.NotFound();
        if (request.CategoryId is { } categoryId && !await db.Categories.AnyAsync(c => c.Id == categoryId, ct))
            return Problems.Validation("categoryId", $"No category has the id {categoryId}.");
        if (await db.Products.AnyAsync(p => p.Slug == request.Slug && p.Id != id, ct)) return CatalogConflicts.SlugTaken(request.Slug);

        var before = AdminProductDto.From(product);
        var now = clock.GetUtcNow();
        product.Update(request.Slug, request.Name, request.ShortDescription, request.Description ?? "", request.CategoryId,
            request.Published, request.Images ?? [], now);
        var after = AdminProductDto.From(product);
        AuditLog.Record(db, user, "product.update", "product", id.ToString(), before, after, now);
        ProductEvents.Updated(db, product, now);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (CatalogConflicts.FromUniqueViolation(e) is { } conflict) { return conflict; }
        return TypedResults.Ok(after);
    }
}
