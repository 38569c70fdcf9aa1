using System.Text.RegularExpressions;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Catalog;

/// <summary>A product matching a text search, with its relevance (higher is better on both providers).</summary>
public sealed record SearchHit(long ProductId, double Rank);

/// <summary>
/// Text search as a composable query of hits, so filters, sorts and pagination stay shared LINQ. The user's words
/// become plain letter/digit tokens (nothing of the engines' query syntax survives), AND-ed, the last one a prefix
/// so results follow typing. The query string is always a parameter.
/// </summary>
public static partial class ProductSearch
{
    private const int MaxTokens = 8;
    private const int MaxTokenLength = 40;

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    public static IReadOnlyList<string> Tokenize(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] :
        Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(t => t.Length <= MaxTokenLength).Take(MaxTokens).ToList();

    /// <param name="ranked">Whether Rank is needed: computing it for every match costs most of a common word's search.</param>
    public static IQueryable<SearchHit> Hits(EngineRoomDb db, IReadOnlyList<string> tokens, bool ranked = true)
    {
        if (tokens.Count == 0) throw new ArgumentException("A search needs at least one token.", nameof(tokens));
        if (db.Provider == DatabaseProvider.Postgres)
        {
            var query = string.Join(" & ", tokens.Select((t, i) => i == tokens.Count - 1 ? t + ":*" : t));
            // The same tokens as lexemes, unparsed: to_tsquery reads a code like "12e3abc" as a number and a word, while
            // inside "SKU-12E3ABC" the document kept it whole. Tokens are letters and digits only, so quoting is safe.
            var raw = string.Join(" & ", tokens.Select((t, i) => i == tokens.Count - 1 ? $"'{t}':*" : $"'{t}'"));
            return ranked
                ? db.Database.SqlQuery<SearchHit>($"""
                    SELECT "Id" AS "ProductId", ts_rank("SearchVector", to_tsquery('english', {query}) || {raw}::tsquery)::float8 AS "Rank"
                    FROM catalog_products WHERE "SearchVector" @@ (to_tsquery('english', {query}) || {raw}::tsquery)
                    """)
                : db.Database.SqlQuery<SearchHit>($"""
                    SELECT "Id" AS "ProductId", 0.0::float8 AS "Rank" FROM catalog_products
                    WHERE "SearchVector" @@ (to_tsquery('english', {query}) || {raw}::tsquery)
                    """);
        }
        var match = string.Join(" AND ", tokens.Select((t, i) => i == tokens.Count - 1 ? $"\"{t}\"*" : $"\"{t}\""));
        // bm25 is lower-is-better; negated so both providers rank alike. Column weights: name, short description, description.
        return ranked
            ? db.Database.SqlQuery<SearchHit>($"""
                SELECT rowid AS ProductId, -bm25(catalog_products_fts, 10.0, 4.0, 1.0) AS Rank
                FROM catalog_products_fts WHERE catalog_products_fts MATCH {match}
                """)
            : db.Database.SqlQuery<SearchHit>($"""
                SELECT rowid AS ProductId, 0.0 AS Rank FROM catalog_products_fts WHERE catalog_products_fts MATCH {match}
                """);
    }
}
