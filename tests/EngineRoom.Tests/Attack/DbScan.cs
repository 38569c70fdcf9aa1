using System.Data.Common;
using System.Text;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Attack;

/// <summary>Looks at every table of the model: row counts (did a refused request change anything?) and every value (is a canary stored?).</summary>
public static class DbScan
{
    public static Task<IReadOnlyList<string>> TablesAsync(EngineRoomApp app) => app.QueryAsync(db => Task.FromResult<IReadOnlyList<string>>(
        db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList()));

    /// <summary>Row counts of every table, in one statement.</summary>
    public static async Task<Dictionary<string, long>> CountsAsync(EngineRoomApp app, IReadOnlyList<string> tables) =>
        await app.QueryAsync(async db =>
        {
            var sql = "SELECT " + string.Join(", ", tables.Select(t => $"(SELECT COUNT(*) FROM \"{t}\")"));
            var values = await WithCommandAsync(db, sql, async reader =>
            {
                await reader.ReadAsync();
                return tables.Select((_, i) => Convert.ToInt64(reader.GetValue(i))).ToList();
            });
            return tables.Zip(values).ToDictionary(x => x.First, x => x.Second);
        });

    public static string Diff(Dictionary<string, long> before, Dictionary<string, long> after, ISet<string> excluded) =>
        string.Join(", ", after.Where(a => !excluded.Contains(a.Key) && before.GetValueOrDefault(a.Key) != a.Value)
            .Select(a => $"{a.Key} {before.GetValueOrDefault(a.Key)} -> {a.Value}"));

    /// <summary>The table.column of every value that contains <paramref name="digits"/> once spaces, dashes and full-width digits are normalised.</summary>
    public static Task<IReadOnlyList<string>> FindDigitsAsync(EngineRoomApp app, IReadOnlyList<string> tables, string digits) =>
        FindAsync(app, tables, text => Normalise(text).Contains(digits, StringComparison.Ordinal));

    /// <summary>The table.column of every value (text, or bytes read as UTF-8 and UTF-16) that <paramref name="matches"/>.</summary>
    public static async Task<IReadOnlyList<string>> FindAsync(EngineRoomApp app, IReadOnlyList<string> tables, Func<string, bool> matches) =>
        await app.QueryAsync(async db =>
        {
            var hits = new List<string>();
            foreach (var table in tables)
                hits.AddRange(await WithCommandAsync(db, $"SELECT * FROM \"{table}\"", async reader =>
                {
                    var found = new HashSet<string>();
                    while (await reader.ReadAsync())
                        for (var i = 0; i < reader.FieldCount; i++)
                        {
                            var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                            var text = value is byte[] bytes ? Encoding.UTF8.GetString(bytes) + " " + Encoding.Unicode.GetString(bytes) : value?.ToString();
                            if (text is not null && matches(text)) found.Add($"{table}.{reader.GetName(i)}");
                        }
                    return found;
                }));
            return hits;
        });

    // JSON columns keep non-ASCII as \uXXXX escapes (a full-width card number in an address): unescape them first.
    public static string Normalise(string text) =>
        new(System.Text.RegularExpressions.Regex.Replace(text, @"\\u([0-9A-Fa-f]{4})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString())
            .Normalize(NormalizationForm.FormKC).Where(c => c is not (' ' or '-' or '\u00A0')).ToArray());

    private static async Task<T> WithCommandAsync<T>(Microsoft.EntityFrameworkCore.DbContext db, string sql, Func<DbDataReader, Task<T>> read)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            return await read(reader);
        }
        finally { await db.Database.CloseConnectionAsync(); }
    }
}
