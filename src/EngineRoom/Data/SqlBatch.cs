using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace EngineRoom.Data;

/// <summary>
/// Plain SQL statements sent together: one round trip on PostgreSQL (an <see cref="NpgsqlBatch"/>), one after another
/// on SQLite (in process: there is no round trip to save). For the few measured hot paths (checkout, the cart requests)
/// where EF Core's per-call work was most of the server's CPU (docs/decisions/0012 and 0020). The statements run in the
/// context's current transaction, on its connection (or, with none, on one opened for the batch); values are bound the way EF Core stores them on each provider
/// (a Guid as upper-case text on SQLite, a list of strings as <c>text[]</c> on PostgreSQL and JSON on SQLite, ...), so
/// EF reads back what was written here. Write placeholders as <c>{0}</c>, <c>{1}</c>... in the statement text.
/// </summary>
public sealed class SqlBatch(EngineRoomDb db)
{
    /// <summary>One span per batch (when tracing is on), with its parameterised statements: never a value.</summary>
    public static readonly System.Diagnostics.ActivitySource Tracing = new("EngineRoom.Data");

    private readonly List<Statement> _statements = [];

    public DatabaseProvider Provider => db.Provider;

    /// <summary>Adds a statement; its rows and affected count can be read from the answer once the batch ran.</summary>
    public Statement Add(string sql, params object?[] values)
    {
        var statement = new Statement(sql, values);
        _statements.Add(statement);
        return statement;
    }

    /// <summary><c>(v0, v1), (v2, v3)</c> placeholders for <paramref name="rows"/> rows of <paramref name="width"/> values, numbered from <paramref name="first"/>.</summary>
    public static string Rows(int rows, int width, int first = 0)
    {
        var sql = new StringBuilder();
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < width; c++) sql.Append(c == 0 ? "" : ", ").Append('{').Append(first + r * width + c).Append('}');
            sql.Append(')');
        }
        return sql.ToString();
    }

    /// <summary><c>v0, v1, v2</c> placeholders for an <c>IN (...)</c> list of <paramref name="count"/> values, numbered from <paramref name="first"/>.</summary>
    public static string List(int count, int first = 0) => string.Join(", ", Enumerable.Range(first, count).Select(i => "{" + i + "}"));

    /// <summary>Runs every statement added, in order, in the context's current transaction (or, with none, as one implicit transaction on PostgreSQL).</summary>
    public async Task ExecuteAsync(CancellationToken ct)
    {
        if (_statements.Count == 0) return;
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            // Outside a transaction (a read, or one self-contained write): one connection rental for this batch only.
            await db.Database.OpenConnectionAsync(ct);
            try { await ExecuteAsync(ct); }
            finally { await db.Database.CloseConnectionAsync(); }
            return;
        }
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        Observe(db, transaction, _statements);
        using var span = Tracing.StartActivity("sql batch", System.Diagnostics.ActivityKind.Client);
        span?.SetTag("db.system", connection is NpgsqlConnection ? "postgresql" : "sqlite");
        span?.SetTag("db.statement", string.Join(";\n", _statements.Select(s => s.Sql)));
        span?.SetTag("db.statement_count", _statements.Count);
        if (connection is NpgsqlConnection pg)
        {
            await using var batch = new NpgsqlBatch(pg, (NpgsqlTransaction?)transaction);
            foreach (var s in _statements)
            {
                var command = new NpgsqlBatchCommand(Numbered(s.Sql, s.Values.Count, i => "$" + (i + 1))); // positional: no SQL rewriting
                for (var i = 0; i < s.Values.Count; i++) command.Parameters.Add(Postgres(s.Values[i]));
                batch.BatchCommands.Add(command);
            }
            await using (var reader = await batch.ExecuteReaderAsync(ct))
            {
                // Npgsql gives a result set only to statements that return rows (a SELECT, a RETURNING), in order.
                var first = true;
                foreach (var s in _statements.Where(s => s.ReturnsRows))
                {
                    if (!first) await reader.NextResultAsync(ct);
                    first = false;
                    await s.ReadAsync(reader, ct);
                }
            }
            for (var i = 0; i < _statements.Count; i++) _statements[i].RowsAffected = batch.BatchCommands[i].RecordsAffected;
            return;
        }
        foreach (var s in _statements)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Numbered(s.Sql, s.Values.Count, i => "@p" + i);
            for (var i = 0; i < s.Values.Count; i++) command.Parameters.Add(Sqlite(command, i, s.Values[i]));
            await using var reader = await command.ExecuteReaderAsync(ct);
            await s.ReadAsync(reader, ct);
            await reader.CloseAsync();
            s.RowsAffected = reader.RecordsAffected;
        }
    }

    private static string Numbered(string sql, int count, Func<int, string> name)
    {
        for (var i = count - 1; i >= 0; i--) sql = sql.Replace("{" + i + "}", name(i), StringComparison.Ordinal);
        return sql;
    }

    private static NpgsqlParameter Postgres(object? value) => value switch
    {
        null => new NpgsqlParameter { Value = DBNull.Value },
        SqlJson json => new NpgsqlParameter { Value = json.Text, NpgsqlDbType = NpgsqlDbType.Jsonb },
        DateTimeOffset at => new NpgsqlParameter { Value = at.ToUniversalTime() },
        _ => new NpgsqlParameter { Value = value },
    };

    // Bound through EF Core's own type mappings, so a Guid or a DateTimeOffset is stored exactly as EF stores it.
    private DbParameter Sqlite(DbCommand command, int index, object? value) => value switch
    {
        null => new SqliteParameter("@p" + index, DBNull.Value),
        SqlJson json => new SqliteParameter("@p" + index, SqliteType.Text) { Value = json.Text },
        DateTimeOffset at => new SqliteParameter("@p" + index, at.UtcTicks), // as SqliteEngineRoomDb stores every timestamp
        IEnumerable<string> list => new SqliteParameter("@p" + index, SqliteType.Text) { Value = System.Text.Json.JsonSerializer.Serialize(list) },
        _ => db.GetService<IRelationalTypeMappingSource>().FindMapping(value.GetType())!.CreateParameter(command, "@p" + index, value),
    };

    /// <summary>The context's interceptors that observe SQL are told (the tests count statements and inject faults this way).</summary>
    private static void Observe(EngineRoomDb db, DbTransaction? transaction, IReadOnlyList<Statement> statements)
    {
        var interceptors = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors;
        if (interceptors is null) return;
        foreach (var observer in interceptors.OfType<ISqlObserver>()) observer.Sent(transaction, statements);
    }

    /// <summary>One statement of the batch and, once it ran, what it answered.</summary>
    public sealed class Statement(string sql, object?[] values)
    {
        public string Sql { get; } = sql;
        public IReadOnlyList<object?> Values { get; } = values;
        internal bool ReturnsRows { get; } = sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
            || sql.Contains("RETURNING", StringComparison.OrdinalIgnoreCase);
        public int RowsAffected { get; internal set; }
        /// <summary>The rows it returned (a SELECT or RETURNING), each as its column values.</summary>
        public List<object[]> Rows { get; } = [];

        internal async Task ReadAsync(DbDataReader reader, CancellationToken ct)
        {
            while (await reader.ReadAsync(ct))
            {
                var row = new object[reader.FieldCount];
                reader.GetValues(row);
                Rows.Add(row);
            }
        }
    }
}

/// <summary>A JSON document for a <c>jsonb</c> column (text on SQLite).</summary>
public readonly record struct SqlJson(string Text);

/// <summary>Told of the statements a <see cref="SqlBatch"/> sends, in its transaction (the tests count them and inject commit faults).</summary>
public interface ISqlObserver
{
    void Sent(DbTransaction? transaction, IReadOnlyList<SqlBatch.Statement> statements);
}
