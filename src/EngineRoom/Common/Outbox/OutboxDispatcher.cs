using EngineRoom.Common.Telemetry;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Common.Outbox;

/// <summary>Receives every outbox message once it is committed (at least once: a handler must tolerate a repeat).</summary>
public interface IOutboxHandler
{
    Task HandleAsync(OutboxMessage message, CancellationToken ct);
}

/// <summary>
/// A handler that takes a claimed batch at once (one read and one transaction for many messages). When the batch
/// fails, the dispatcher hands it the messages one by one, so one bad message holds back only itself.
/// </summary>
public interface IOutboxBatchHandler : IOutboxHandler
{
    Task HandleBatchAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct);
}

public static class OutboxSetup
{
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration("Outbox")
            .Validate(o => o.WakeDelayMilliseconds >= 0, "Outbox:WakeDelayMilliseconds must not be negative.").ValidateOnStart();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        if (config.GetValue("Outbox:WakeOnCommit", true))
        {
            services.AddSingleton<OutboxWake>();
            services.AddHostedService(sp => sp.GetRequiredService<OutboxWake>());
            services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, OutboxCommitWatch>();
        }
        return services;
    }
}

public sealed class OutboxOptions
{
    public double PollSeconds { get; set; } = 1;
    public int LeaseSeconds { get; set; } = 30;
    public int BatchSize { get; set; } = 100;
    /// <summary>Dispatch when a transaction that wrote to the outbox commits on this instance (else at the poll).</summary>
    public bool WakeOnCommit { get; set; } = true;
    /// <summary>A wake waits this long before dispatching, so a busy checkout's commits go in fuller batches.</summary>
    public int WakeDelayMilliseconds { get; set; } = 5;
}

/// <summary>
/// Hands committed outbox messages, oldest first, to the registered <see cref="IOutboxHandler"/>s and marks them
/// dispatched. Safe with any number of instances: a batch is claimed with a lease (token and expiry) by one conditional
/// UPDATE, and on PostgreSQL the candidates are picked with <c>FOR UPDATE SKIP LOCKED</c>, so concurrent dispatchers
/// take different rows instead of queueing on the same ones. A dispatcher that dies leaves its lease to expire; another
/// then takes the messages again (at least once). A message whose handlers keep failing is retried on each lease expiry
/// until <see cref="MaxAttempts"/>, then left for an operator (its Attempts shows why).
/// </summary>
internal sealed class OutboxDispatcher(IServiceScopeFactory scopes, TimeProvider clock, IOptions<OutboxOptions> options,
    CommerceMetrics metrics, ILogger<OutboxDispatcher> logger) : BackgroundService
{
    public const int MaxAttempts = 20;

    // With no handler registered the messages wait: marking them dispatched would hide them from the first consumer.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => !HasHandlers() ? Task.CompletedTask :
        PeriodicWork.RunAsync(clock, TimeSpan.FromSeconds(options.Value.PollSeconds), async ct => { while (await DispatchAsync(ct) > 0) { } },
            logger, "Outbox dispatch", stoppingToken);

    private bool HasHandlers()
    {
        using var scope = scopes.CreateScope();
        return scope.ServiceProvider.GetServices<IOutboxHandler>().Any();
    }

    /// <summary>Claims and dispatches one batch; answers how many messages it claimed.</summary>
    public async Task<int> DispatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
        var handlers = scope.ServiceProvider.GetServices<IOutboxHandler>().ToList();
        var claimed = await ClaimAsync(db, ct);
        if (claimed.Count == 0) return 0;
        var failed = new HashSet<Guid>();
        foreach (var handler in handlers.OfType<IOutboxBatchHandler>())
        {
            try { await handler.HandleBatchAsync(claimed, ct); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Outbox batch of {Count} failed in {Handler}; handing it the messages one by one", claimed.Count, handler.GetType().Name);
                foreach (var message in claimed)
                    if (!await TryHandleAsync(handler, message, ct)) failed.Add(message.Id);
            }
        }
        var delivered = new List<Guid>(claimed.Count);
        foreach (var message in claimed)
        {
            var handled = !failed.Contains(message.Id);
            foreach (var handler in handlers)
                if (handled && handler is not IOutboxBatchHandler) handled = await TryHandleAsync(handler, message, ct);
            if (!handled) continue;
            delivered.Add(message.Id);
            metrics.OutboxDelivered(message.OccurredAt);
        }
        // One statement for the batch; a crash before it only means those messages are delivered again (at least once).
        if (delivered.Count > 0)
        {
            var now = clock.GetUtcNow();
            await db.OutboxMessages.Where(m => delivered.Contains(m.Id) && m.ClaimToken == claimed[0].ClaimToken)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.DispatchedAt, now).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), ct);
        }
        return claimed.Count;
    }

    private async Task<bool> TryHandleAsync(IOutboxHandler handler, OutboxMessage message, CancellationToken ct)
    {
        try
        {
            await handler.HandleAsync(message, ct);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Outbox message {Id} ({Type}) failed on attempt {Attempts}; retried when its lease ends", message.Id, message.Type, message.Attempts);
            return false;
        }
    }

    private async Task<List<OutboxMessage>> ClaimAsync(EngineRoomDb db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = now.AddSeconds(options.Value.LeaseSeconds);
        var token = Guid.NewGuid();
        var batch = options.Value.BatchSize;
        await db.InTransactionAsync(async () =>
        {
            // SQLite has one writer at a time, so its plain read cannot hand the same rows to two claimers that both write.
            var candidates = db.Provider == DatabaseProvider.Postgres
                ? db.OutboxMessages.FromSql($"""
                    SELECT * FROM common_outbox_messages
                    WHERE "DispatchedAt" IS NULL AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" < {now}) AND "Attempts" < {MaxAttempts}
                    ORDER BY "OccurredAt" LIMIT {batch} FOR UPDATE SKIP LOCKED
                    """)
                : db.OutboxMessages.Where(m => m.DispatchedAt == null && (m.ClaimedUntil == null || m.ClaimedUntil < now) && m.Attempts < MaxAttempts)
                    .OrderBy(m => m.OccurredAt).Take(batch);
            var ids = await candidates.Select(m => m.Id).ToListAsync(ct);
            if (ids.Count == 0) return 0;
            // Conditional as well: a row another claimer took since our read is not taken again.
            return await db.OutboxMessages
                .Where(m => ids.Contains(m.Id) && m.DispatchedAt == null && (m.ClaimedUntil == null || m.ClaimedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimToken, token).SetProperty(m => m.ClaimedUntil, until)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
        }, rollback: _ => false, ct);
        return await db.OutboxMessages.AsNoTracking().Where(m => m.ClaimToken == token && m.DispatchedAt == null).OrderBy(m => m.OccurredAt).ToListAsync(ct);
    }
}
