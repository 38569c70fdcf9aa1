using System.Data.Common;
using System.Runtime.CompilerServices;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace EngineRoom.Common.Outbox;

/// <summary>
/// Dispatches the outbox as soon as a transaction that wrote to it commits on this instance, instead of at the
/// dispatcher's next poll (1 s): a sale reaches the dashboard, the webhooks and the mail queue in milliseconds. It watches SQL only (EF commands and
/// checkout's batches), so no module has to call it; it adds no statement to the transaction it watches. Wakes that
/// come while a dispatch runs are folded into one more run after it, and each run waits
/// <see cref="OutboxOptions.WakeDelayMilliseconds"/> first, so a busy checkout makes few, fuller batches.
/// </summary>
internal sealed class OutboxWake(OutboxDispatcher dispatcher, TimeProvider clock, IOptions<OutboxOptions> options, ILogger<OutboxWake> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { } // a run is already due
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(options.Value.WakeDelayMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            await _signal.WaitAsync(stoppingToken);
            try
            {
                await Task.Delay(delay, clock, stoppingToken);
                // Until a batch comes back short: what committed meanwhile has released the signal, so it waits for the
                // next run's delay and goes in a fuller batch, instead of one message at a time under steady load.
                while (await dispatcher.DispatchAsync(stoppingToken) >= options.Value.BatchSize) { }
            }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Outbox dispatch on commit failed; the poll will retry"); }
        }
    }
}

/// <summary>Marks transactions that insert into the outbox and wakes <see cref="OutboxWake"/> when one commits.</summary>
internal sealed class OutboxCommitWatch(IServiceProvider services) : DbCommandInterceptor, IDbTransactionInterceptor, ISqlObserver
{
    private static readonly ConditionalWeakTable<DbTransaction, object> Marked = new();
    private OutboxWake? _wake;

    private OutboxWake Waker => _wake ??= services.GetRequiredService<OutboxWake>();

    private static bool WritesOutbox(string sql) => sql.Contains("INSERT INTO common_outbox_messages", StringComparison.Ordinal)
        || sql.Contains("INSERT INTO \"common_outbox_messages\"", StringComparison.Ordinal);

    public void Sent(DbTransaction? transaction, IReadOnlyList<SqlBatch.Statement> statements)
    {
        if (statements.Any(s => WritesOutbox(s.Sql))) Mark(transaction);
    }

    private void Mark(DbTransaction? transaction)
    {
        if (transaction is null) Waker.Wake(); // autocommit: already committed when it returns (close enough: the run waits a moment)
        else Marked.AddOrUpdate(transaction, this);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData data, DbDataReader result)
    {
        if (WritesOutbox(command.CommandText)) Mark(command.Transaction);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData data, DbDataReader result, CancellationToken ct = default)
    {
        if (WritesOutbox(command.CommandText)) Mark(command.Transaction);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData data, int result)
    {
        if (WritesOutbox(command.CommandText)) Mark(command.Transaction);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData data, int result, CancellationToken ct = default)
    {
        if (WritesOutbox(command.CommandText)) Mark(command.Transaction);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData data) => Committed(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData data, CancellationToken ct = default)
    {
        Committed(transaction);
        return Task.CompletedTask;
    }

    private void Committed(DbTransaction transaction)
    {
        if (Marked.Remove(transaction)) Waker.Wake();
    }
}
