using System.Buffers.Text;
using System.Text.Json;

namespace EngineRoom.Common;

/// <summary>A page of a list: <c>{ items, nextCursor }</c>; <c>nextCursor</c> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

public static class Page
{
    /// <summary>
    /// Builds a page from <paramref name="rows"/> fetched with <c>Take(limit + 1)</c>: the extra row only says that
    /// another page exists; the cursor is made from the last row shown.
    /// </summary>
    public static Page<TOut> From<TRow, TOut>(IReadOnlyList<TRow> rows, int limit, Func<TRow, TOut> map, Func<TRow, string> cursorOf)
    {
        var shown = rows.Count > limit ? rows.Take(limit).ToList() : rows;
        var next = rows.Count > limit ? cursorOf(shown[^1]) : null;
        return new Page<TOut>(shown.Select(map).ToList(), next);
    }
}

/// <summary>Opaque keyset cursors: the sort key of the last row shown, as base64url JSON.</summary>
public static class Cursor
{
    public static string Encode<T>(T position) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(position));

    public static bool TryDecode<T>(string? cursor, out T? position)
    {
        position = default;
        if (string.IsNullOrEmpty(cursor)) return true;
        try
        {
            position = JsonSerializer.Deserialize<T>(Base64Url.DecodeFromChars(cursor));
            return position is not null;
        }
        catch (Exception e) when (e is FormatException or JsonException) { return false; }
    }

    public static ProblemHttpResult Invalid() =>
        Problems.Validation("cursor", "The cursor is not valid. Pass back the nextCursor of a previous page unchanged.");
}
