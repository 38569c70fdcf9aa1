using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Catalog.Admin;

/// <summary>Deletes a leaf category; its products become uncategorised. A category with children answers 409.</summary>
internal static class DeleteCategory
{
    public static RouteHandlerBuilder MapDeleteCategory(this RouteGroupBuilder admin) =>
        admin.MapDelete("/categories/{id:long}", Handle).WithName(nameof(DeleteCategory))
            .WithSummary("Delete an empty category");

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Handle(
        long id, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        await using var tx = await CategoryTree.LockAsync(db, ct);
        var category = await db.Categories.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (category is null) return TypedResults.NotFound();
        if (await db.Categories.AnyAsync(c => c.ParentId == id, ct)) return HasChildren(id);
        AuditLog.Record(db, user, "category.delete", "category", id.ToString(), CategoryDto.From(category), null, clock.GetUtcNow());
        db.Categories.Remove(category);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult HasChildren(long id) =>
        Problems.Conflict("category_has_children", $"Category {id} has subcategories. Move or delete them first.");
}
