using EngineRoom.Common;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Catalog.Admin;

/// <summary>
/// 409s for taken slugs and SKUs. Handlers check first for a precise answer; the unique indexes are the last word
/// when two requests race past that check, and this reads which index refused (SQLite names table.column,
/// PostgreSQL the index).
/// </summary>
internal static class CatalogConflicts
{
    public static ProblemHttpResult SlugTaken(string slug) => Problems.Conflict("slug_taken", $"The slug '{slug}' is already used.");

    public static ProblemHttpResult SkuTaken(string sku) => Problems.Conflict("sku_taken", $"The SKU '{sku}' is already used.");

    public static ProblemHttpResult? FromUniqueViolation(DbUpdateException e)
    {
        var message = e.InnerException?.Message ?? "";
        if (message.Contains("catalog_variants.Sku", StringComparison.Ordinal) || message.Contains("IX_catalog_variants_Sku", StringComparison.Ordinal))
            return Problems.Conflict("sku_taken", "A SKU in the request is already used.");
        if (message.Contains(".Slug", StringComparison.Ordinal) || message.Contains("_Slug\"", StringComparison.Ordinal))
            return Problems.Conflict("slug_taken", "The slug is already used.");
        return null;
    }
}
