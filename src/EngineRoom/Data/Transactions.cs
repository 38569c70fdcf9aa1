using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EngineRoom.Data;

public static class Transactions
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and commits it, unless it returns a value for which
    /// <paramref name="rollback"/> says so. Conflicts that a retry resolves (a deadlock, a serialization failure, SQLite
    /// busy past its timeout, a unique key taken by a concurrent first insert) roll back and run it again, up to 3 times.
    /// </summary>
    public static async Task<T> InTransactionAsync<T>(this EngineRoomDb db, Func<Task<T>> work, Func<T, bool> rollback, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var result = await work();
                if (rollback(result)) await tx.RollbackAsync(ct);
                else
                {
                    await db.SaveChangesAsync(ct);
                    await tx.CommitAsync(ct);
                }
                db.ChangeTracker.Clear();
                return result;
            }
            catch (Exception e) when (attempt < 3 && IsTransient(e))
            {
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// The database out of reach, as the provider tells it (refused or reset connection, timeout, server shutting down,
    /// pool exhausted), however EF Core wrapped it. Not a conflict that a rerun in the same request would resolve.
    /// </summary>
    public static bool IsUnavailable(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is System.Data.Common.DbException { IsTransient: true }) return true;
        return false;
    }

    public static bool IsTransient(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6 || sqlite.SqliteExtendedErrorCode is 2067 or 1555, // busy, locked, unique, primary key
        DbUpdateException { InnerException: { } inner } => IsTransient(inner),
        _ => false,
    };
}
