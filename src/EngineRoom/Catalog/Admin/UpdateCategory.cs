using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Catalog.Admin;

/// <summary>Renames, reorders or moves a category; a move carries its whole subtree and may not go under itself.</summary>
internal static class UpdateCategory
{
    public sealed record Request(
        [Required, MaxLength(200), RegularExpression(Slugs.Pattern, ErrorMessage = Slugs.Message)] string Slug,
        [Required, MaxLength(200)] string Name,
        long? ParentId,
        [Range(0, 100_000)] int Position);

    public static RouteHandlerBuilder MapUpdateCategory(this RouteGroupBuilder admin) =>
        admin.MapPut("/categories/{id:long}", Handle).WithName(nameof(UpdateCategory))
            .WithSummary("Change or move a category");

    private static async Task<Results<Ok<CategoryDto>, NotFound, ProblemHttpResult>> Handle(
        long id, Request request, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Categories.AnyAsync(c => c.Slug == request.Slug && c.Id != id, ct)) return CatalogConflicts.SlugTaken(request.Slug);
        await using var tx = await CategoryTree.LockAsync(db, ct);
        var category = await db.Categories.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (category is null) return TypedResults.NotFound();
        var parent = request.ParentId is { } parentId ? await db.Categories.SingleOrDefaultAsync(c => c.Id == parentId, ct) : null;
        if (CategoryTree.ParentProblem(request.ParentId, parent) is { } problem) return problem;

        var before = CategoryDto.From(category);
        category.Update(request.Slug, request.Name, request.Position);
        if (category.ParentId != request.ParentId)
        {
            var oldPath = category.Path;
            category.PlaceUnder(parent); // refuses a move under its own subtree (409 category_cycle)
            await CategoryTree.RepathSubtreeAsync(db, id, oldPath, category.Path, ct);
        }
        var after = CategoryDto.From(category);
        AuditLog.Record(db, user, "category.update", "category", id.ToString(), before, after, clock.GetUtcNow());
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (CatalogConflicts.FromUniqueViolation(e) is { } conflict) { return conflict; }
        await tx.CommitAsync(ct);
        return TypedResults.Ok(after);
    }
}
