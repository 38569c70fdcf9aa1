using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace EngineRoom.Tests.Infrastructure;

/// <summary>
/// Counts SQL commands the server sends while answering a request, for statement budgets. Background work (the
/// outbox, email and webhook senders, analytics, the revocation poll) runs outside any request and is not counted, so
/// a budget reads the same whatever the workers happen to do meanwhile. Needs the app's IHttpContextAccessor
/// (EngineRoomApp registers one).
/// </summary>
public sealed class SqlCounter : DbCommandInterceptor, EngineRoom.Data.ISqlObserver
{
    private static readonly Microsoft.AspNetCore.Http.HttpContextAccessor Requests = new(); // reads the request's own AsyncLocal
    private int _count;
    public int Count => Volatile.Read(ref _count);

    /// <summary>Statements sent outside EF Core, by a <see cref="EngineRoom.Data.SqlBatch"/> (checkout's hot path).</summary>
    public void Sent(DbTransaction? transaction, IReadOnlyList<EngineRoom.Data.SqlBatch.Statement> statements)
    {
        if (Requests.HttpContext is not null) Interlocked.Add(ref _count, statements.Count);
    }

    private void Count1(DbCommand c)
    {
        if (Requests.HttpContext is not null && !c.CommandText.Contains(EngineRoom.Customers.Tokens.SessionValidity.PollTag, StringComparison.Ordinal))
            Interlocked.Increment(ref _count);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand c, CommandEventData e, InterceptionResult<DbDataReader> r) { Count1(c); return r; }
    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand c, CommandEventData e, InterceptionResult<DbDataReader> r, CancellationToken ct = default) { Count1(c); return ValueTask.FromResult(r); }
    public override InterceptionResult<int> NonQueryExecuting(DbCommand c, CommandEventData e, InterceptionResult<int> r) { Count1(c); return r; }
    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand c, CommandEventData e, InterceptionResult<int> r, CancellationToken ct = default) { Count1(c); return ValueTask.FromResult(r); }
    public override InterceptionResult<object> ScalarExecuting(DbCommand c, CommandEventData e, InterceptionResult<object> r) { Count1(c); return r; }
    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand c, CommandEventData e, InterceptionResult<object> r, CancellationToken ct = default) { Count1(c); return ValueTask.FromResult(r); }
}
