using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Catalog;

internal static class CategoryQueries
{
    /// <summary>A category by id or slug (an all-digit key is tried as an id first).</summary>
    public static async Task<Category?> FindAsync(EngineRoomDb db, string idOrSlug, CancellationToken ct)
    {
        var id = long.TryParse(idOrSlug, out var parsed) ? parsed : -1;
        var matches = await db.Categories.AsNoTracking().Where(c => c.Id == id || c.Slug == idOrSlug).ToListAsync(ct);
        return matches.Find(c => c.Id == id) ?? matches.FirstOrDefault();
    }

    /// <summary>The category and everything below it: one prefix match on the materialised path.</summary>
    public static Task<List<long>> SubtreeIdsAsync(EngineRoomDb db, Category root, CancellationToken ct) =>
        db.Categories.Where(c => c.Path.StartsWith(root.Path)).Select(c => c.Id).ToListAsync(ct);
}
