using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace EngineRoom.Data;

/// <summary>
/// Per-connection SQLite settings. In WAL mode, <c>synchronous=NORMAL</c> does not sync the disk on every commit: a
/// committed transaction survives any crash of the process, and only a power loss or OS crash can lose the last
/// moments. A checkout commits several small transactions, so this is the difference between about 20 and several
/// hundred checkouts a second. <c>Database:SqliteSynchronous=FULL</c> restores a disk sync per commit. Production
/// runs on PostgreSQL, which this does not touch.
/// </summary>
internal sealed class SqlitePragmas(string synchronous) : DbConnectionInterceptor
{
    // busy_timeout: SQLite waits for the write lock itself, in millisecond steps, instead of failing at once into
    // the driver's retry loop, which sleeps 150 ms a time.
    private readonly string _sql = $"PRAGMA synchronous = {synchronous}; PRAGMA busy_timeout = 30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Run(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        Run(connection);
        return Task.CompletedTask;
    }

    private void Run(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _sql;
        command.ExecuteNonQuery();
    }
}
