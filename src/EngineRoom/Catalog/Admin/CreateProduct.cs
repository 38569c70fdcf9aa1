using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Catalog.Admin;

/// <summary>Creates a product, optionally with its variants inline.</summary>
internal static class CreateProduct
{
    public sealed record Request(
        [Required, MaxLength(200), RegularExpression(Slugs.Pattern, ErrorMessage = Slugs.Message)] string Slug,
        [Required, MaxLength(300)] string Name,
        [MaxLength(500)] string? ShortDescription,
        [MaxLength(10_000)] string? Description,
        long? CategoryId,
        bool Published,
        [MaxLength(20), NoNullItems] List<string>? Images,
        [MaxLength(100), NoNullItems] List<VariantInput>? Variants);

    public static RouteHandlerBuilder MapCreateProduct(this RouteGroupBuilder admin) =>
        admin.MapPost("/products", Handle).WithName(nameof(CreateProduct))
            .WithSummary("Create a product with its variants and prices");

    private static async Task<Results<Created<AdminProductDto>, ProblemHttpResult>> Handle(
        Request request, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        if (AdminProducts.ImagesProblem(request.Images) is { } badImages) return badImages;
        if (request.CategoryId is { } categoryId && !await db.Categories.AnyAsync(c => c.Id == categoryId, ct))
            return Problems.Validation("categoryId", $"No category has the id {categoryId}.");
        if (await db.Products.AnyAsync(p => p.Slug == request.Slug, ct)) return CatalogConflicts.SlugTaken(request.Slug);
        var skus = (request.Variants ?? []).Select(v => v.Sku).ToList();
        var taken = await db.Variants.Where(v => skus.Contains(v.Sku)).Select(v => v.Sku).FirstOrDefaultAsync(ct);
        if (taken is not null) return CatalogConflicts.SkuTaken(taken);

        var now = clock.GetUtcNow();
        var product = Product.Create(request.Slug, request.Name, request.ShortDescription, request.Description ?? "",
            request.CategoryId, request.Published, request.Images ?? [], now);
        foreach (var v in request.Variants ?? []) product.AddVariant(v.Sku, v.Name, v.OptionValues(), v.PriceValues(), now);
        // The audit entry names the product's id, known only once it is inserted: two saves in one transaction.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Products.Add(product);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (CatalogConflicts.FromUniqueViolation(e) is { } conflict) { return conflict; }
        var created = AdminProductDto.From(product);
        AuditLog.Record(db, user, "product.create", "product", product.Id.ToString(), null, created, now);
        ProductEvents.Created(db, product, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/admin/products/{product.Id}", created);
    }
}
