using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Catalog.Admin;

internal static class CreateCategory
{
    public sealed record Request(
        [Required, MaxLength(200), RegularExpression(Slugs.Pattern, ErrorMessage = Slugs.Message)] string Slug,
        [Required, MaxLength(200)] string Name,
        long? ParentId,
        [Range(0, 100_000)] int Position);

    public static RouteHandlerBuilder MapCreateCategory(this RouteGroupBuilder admin) =>
        admin.MapPost("/categories", Handle).WithName(nameof(CreateCategory))
            .WithSummary("Create a category");

    private static async Task<Results<Created<CategoryDto>, ProblemHttpResult>> Handle(
        Request request, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Categories.AnyAsync(c => c.Slug == request.Slug, ct)) return CatalogConflicts.SlugTaken(request.Slug);
        await using var tx = await CategoryTree.LockAsync(db, ct);
        var parent = request.ParentId is { } parentId ? await db.Categories.SingleOrDefaultAsync(c => c.Id == parentId, ct) : null;
        if (CategoryTree.ParentProblem(request.ParentId, parent) is { } problem) return problem;

        // The path holds the category's own id, known only once it is inserted: two saves in one transaction.
        var category = Category.Create(request.Slug, request.Name, parent?.Id, request.Position);
        db.Categories.Add(category);
        try
        {
            await db.SaveChangesAsync(ct);
            category.PlaceUnder(parent);
            AuditLog.Record(db, user, "category.create", "category", category.Id.ToString(), null, CategoryDto.From(category), clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (CatalogConflicts.FromUniqueViolation(e) is { } conflict) { return conflict; }
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/admin/categories/{category.Id}", CategoryDto.From(category));
    }
}
