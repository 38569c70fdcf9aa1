using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Catalog;

/// <summary>
/// The whole category tree as one flat list in depth-first order (each parent before its children, siblings by
/// position then name), with parentId, path and depth to rebuild it; never paginated, so nextCursor is always null.
/// </summary>
internal static class ListCategories
{
    public sealed record Item(long Id, string Slug, string Name, long? ParentId, string Path, int Depth, int Position);

    public static RouteHandlerBuilder MapListCategories(this RouteGroupBuilder store) =>
        store.MapGet("/categories", Handle).WithName(nameof(ListCategories))
            .WithSummary("List categories, in tree order");

    private static async Task<Ok<Page<Item>>> Handle(EngineRoomDb db, CancellationToken ct)
    {
        var all = await db.Categories.AsNoTracking().ToListAsync(ct);
        var children = all.ToLookup(c => c.ParentId);
        var ordered = new List<Item>(all.Count);
        void Visit(long? parentId, int depth)
        {
            foreach (var c in children[parentId].OrderBy(c => c.Position).ThenBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id))
            {
                ordered.Add(new Item(c.Id, c.Slug, c.Name, c.ParentId, c.Path, depth, c.Position));
                Visit(c.Id, depth + 1);
            }
        }
        Visit(null, 0);
        return TypedResults.Ok(new Page<Item>(ordered, null));
    }
}
