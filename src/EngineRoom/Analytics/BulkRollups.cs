using System.Data.Common;
using System.Text.RegularExpressions;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace EngineRoom.Analytics;

/// <summary>
/// Runs the rebuild's many multi-row statements on the context's connection and transaction. SqlBatch numbers its
/// placeholders with one replace per value, which is quadratic in a statement's size: fine for checkout's few values,
/// minutes for a rebuild's hundreds of thousands of rows. Here placeholders are numbered in one pass, and values bound
/// as the tables store them (SQLite: UTC ticks and upper-case GUID text, as EF writes them).
/// </summary>
internal static partial class BulkRollups
{
    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();

    public static async Task ExecuteAsync(EngineRoomDb db, IEnumerable<(string Sql, object?[] Values)> statements, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var postgres = db.Provider == DatabaseProvider.Postgres;
        foreach (var (sql, values) in statements)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandTimeout = 0;
            command.CommandText = Placeholder().Replace(sql, m => postgres ? "$" + (int.Parse(m.Groups[1].Value) + 1) : "@p" + m.Groups[1].Value);
            for (var i = 0; i < values.Length; i++) command.Parameters.Add(Parameter(command, postgres ? null : "@p" + i, values[i], postgres));
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static DbParameter Parameter(DbCommand command, string? name, object? value, bool postgres)
    {
        var parameter = command.CreateParameter();
        if (name is not null) parameter.ParameterName = name;
        parameter.Value = value switch
        {
            null => DBNull.Value,
            DateTimeOffset at => postgres ? at.ToUniversalTime() : at.UtcTicks,
            Guid id when !postgres => id.ToString().ToUpperInvariant(),
            _ => value,
        };
        return parameter;
    }
}
