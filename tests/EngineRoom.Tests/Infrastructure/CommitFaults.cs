using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace EngineRoom.Tests.Infrastructure;

/// <summary>
/// Makes a commit report a failure after it took effect (the connection dropped on COMMIT's answer, or the process
/// died right after): the transaction in which a command matching <see cref="FailCommitAfter"/> ran commits, then
/// throws. Cleared after the first match. Set it only with a matcher specific to the test's data.
/// </summary>
public sealed class CommitFaults : IDbCommandInterceptor, IDbTransactionInterceptor, EngineRoom.Data.ISqlObserver
{
    private readonly ConcurrentDictionary<DbTransaction, bool> _marked = new();

    public Func<DbCommand, bool>? FailCommitAfter { get; set; }

    private void Mark(DbCommand command)
    {
        if (command.Transaction is { } tx && FailCommitAfter is { } matches && matches(command))
        {
            FailCommitAfter = null;
            _marked[tx] = true;
        }
    }

    /// <summary>Statements of a <see cref="EngineRoom.Data.SqlBatch"/> are matched as the commands they would be.</summary>
    public void Sent(DbTransaction? transaction, IReadOnlyList<EngineRoom.Data.SqlBatch.Statement> statements)
    {
        foreach (var s in statements)
        {
            using var probe = new Microsoft.Data.Sqlite.SqliteCommand(s.Sql) { Transaction = null };
            foreach (var value in s.Values) probe.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter { Value = value ?? DBNull.Value });
            if (transaction is not null && FailCommitAfter is { } matches && matches(probe))
            {
                FailCommitAfter = null;
                _marked[transaction] = true;
                return;
            }
        }
    }

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Mark(command);
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Mark(command);
        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        _marked.TryRemove(transaction, out _)
            ? throw new InvalidOperationException("Injected: the commit took effect, then its answer was lost.")
            : Task.CompletedTask;
}
