using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace EngineRoom.Data;

/// <summary>
/// One prepared INSERT reused for many rows, inside the context's current transaction: for seeding and bulk loads,
/// where SaveChanges' per-row bookkeeping costs seconds. Column names and value conversions (SQLite's UTC ticks, JSON
/// lists) come from the EF model's own type mappings, so the rows read back exactly as if EF had written them.
/// </summary>
public sealed class BulkInsert : IAsyncDisposable
{
    private readonly DbCommand _command;
    private readonly IProperty?[] _properties;

    private BulkInsert(DbCommand command, IProperty?[] properties) => (_command, _properties) = (command, properties);

    /// <param name="columns">Property names of <typeparamref name="T"/>, or raw column names prefixed with '!' (no conversion).</param>
    /// <param name="returning">A column whose value each insert answers (the generated id), or null.</param>
    /// <param name="jsonColumns">Raw columns holding JSON text (cast to jsonb on PostgreSQL).</param>
    /// <param name="onConflict">An ON CONFLICT clause (same syntax on both providers), for upserts.</param>
    public static async Task<BulkInsert> PrepareAsync<T>(EngineRoomDb db, string[] columns, string? returning = null,
        IReadOnlySet<string>? jsonColumns = null, string? onConflict = null, CancellationToken ct = default)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new ArgumentException($"{typeof(T)} is not mapped.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!);
        var properties = columns.Select(c => c.StartsWith('!') ? null : entity.FindProperty(c) ?? throw new ArgumentException($"No property {c}.")).ToArray();
        var names = columns.Select((c, i) => properties[i]?.GetColumnName(table) ?? c[1..]).ToArray();
        var postgres = db.Provider == DatabaseProvider.Postgres;
        var values = names.Select((n, i) => jsonColumns?.Contains(n) == true && postgres ? $"CAST(@p{i} AS jsonb)" : $"@p{i}");

        await db.Database.OpenConnectionAsync(ct);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", names.Select(n => $"\"{n}\""))}) VALUES ({string.Join(", ", values)})"
            + (onConflict is null ? "" : " " + onConflict) + (returning is null ? "" : $" RETURNING \"{returning}\"");
        for (var i = 0; i < names.Length; i++)
        {
            var parameter = properties[i] is { } property
                ? ((RelationalTypeMapping)property.GetTypeMapping()).CreateParameter(command, $"p{i}", null, nullable: true)
                : command.CreateParameter();
            parameter.ParameterName = $"p{i}";
            if (properties[i] is null) parameter.DbType = System.Data.DbType.String;
            command.Parameters.Add(parameter);
        }
        await command.PrepareAsync(ct); // PostgreSQL parses the statement once, not once per row
        return new BulkInsert(command, properties);
    }

    /// <summary>Inserts one row (values in column order); answers the returning column's value, if any.</summary>
    public async Task<object?> InsertAsync(CancellationToken ct, params object?[] row)
    {
        for (var i = 0; i < row.Length; i++)
        {
            var converter = _properties[i]?.GetTypeMapping().Converter;
            _command.Parameters[i].Value = (row[i] is { } value && converter is not null ? converter.ConvertToProvider(value) : row[i]) ?? DBNull.Value;
        }
        return await _command.ExecuteScalarAsync(ct);
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
