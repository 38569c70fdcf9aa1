using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace EngineRoom.Catalog.Admin;

public sealed record CategoryDto(long Id, string Slug, string Name, long? ParentId, string Path, int Position)
{
    public static CategoryDto From(Category c) => new(c.Id, c.Slug, c.Name, c.ParentId, c.Path, c.Position);
}

/// <summary>
/// Changes to the tree's shape (creating under a parent, moving) run one at a time: two concurrent moves could
/// otherwise each pass the cycle check and together make a loop, or a child could copy a parent path being rewritten.
/// </summary>
internal static class CategoryTree
{
    private const long LockKey = 0x43415447; // "CATG"

    public static async Task<IDbContextTransaction> LockAsync(EngineRoomDb db, CancellationToken ct)
    {
        // SQLite's transactions begin IMMEDIATE (they take the write lock); PostgreSQL gets a transaction-scoped advisory lock.
        var tx = await db.Database.BeginTransactionAsync(ct);
        if (db.Provider == DatabaseProvider.Postgres) await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey})", ct);
        return tx;
    }

    public static ProblemHttpResult? ParentProblem(long? parentId, Category? parent) =>
        parentId is not null && parent is null ? Common.Problems.Validation("parentId", $"No category has the id {parentId}.") : null;

    /// <summary>Rewrites the path prefix of every category below a moved one, in one statement.</summary>
    public static Task<int> RepathSubtreeAsync(EngineRoomDb db, long movedId, string oldPath, string newPath, CancellationToken ct) =>
        db.Categories.Where(c => c.Id != movedId && c.Path.StartsWith(oldPath))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Path, c => newPath + c.Path.Substring(oldPath.Length)), ct);
}
