using System.Collections.Concurrent;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Webhooks;

/// <summary>
/// Each instance's sender. It wakes when the fan-out added deliveries on this instance, when a send ends while more may
/// be due, and every <see cref="WebhookOptions.PollSeconds"/> on the injected clock (retries, replays, other instances'
/// events). It claims due deliveries endpoint by endpoint, at most <see cref="WebhookOptions.MaxParallelPerEndpoint"/>
/// in flight per endpoint and <see cref="WebhookOptions.MaxParallelSends"/> in all, so a receiver that hangs for its 15 s
/// holds only its own share. A claim is one conditional UPDATE that moves the delivery's due time a lease ahead under a
/// fresh token (candidates read with FOR UPDATE SKIP LOCKED on PostgreSQL, as the outbox does): two instances never
/// send the same delivery at once, and one that dies leaves its claims to come due again when the lease ends.
/// </summary>
public sealed class WebhookDeliveryWorker(IServiceScopeFactory scopes, WebhookSender sender, TimeProvider clock, IOptions<WebhookOptions> options,
    ILogger<WebhookDeliveryWorker> logger) : BackgroundService
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly ConcurrentDictionary<Guid, int> _perEndpoint = new();
    private int _inFlight;
    private volatile bool _saturated;

    public void Wake()
    {
        if (_signal.CurrentCount > 0) return;
        try { _signal.Release(); } catch (SemaphoreFullException) { }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = TickAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(stoppingToken);
                await ClaimAndSendAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) { logger.LogWarning(e, "Webhook claim failed; will retry"); }
        }
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PollSeconds), clock);
        try { while (await timer.WaitForNextTickAsync(stoppingToken)) Wake(); }
        catch (OperationCanceledException) { }
    }

    /// <summary>Claims what is due for every enabled endpoint, within the limits, and starts sending it.</summary>
    public async Task ClaimAndSendAsync(CancellationToken ct)
    {
        var o = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => e.Enabled).ToListAsync(ct);
        var saturated = false;
        foreach (var endpoint in endpoints.OrderBy(_ => Random.Shared.Next()))
        {
            var free = Math.Min(o.MaxParallelSends - Volatile.Read(ref _inFlight), o.MaxParallelPerEndpoint - _perEndpoint.GetValueOrDefault(endpoint.Id));
            if (free <= 0) { saturated = true; continue; }
            var claimed = await ClaimAsync(db, endpoint.Id, free, ct);
            saturated |= claimed.Claimed.Count == free;
            foreach (var delivery in claimed.Claimed)
            {
                Interlocked.Increment(ref _inFlight);
                _perEndpoint.AddOrUpdate(endpoint.Id, 1, (_, n) => n + 1);
                _ = Task.Run(() => SendAsync(endpoint, delivery, claimed.Token, ct), CancellationToken.None);
            }
        }
        _saturated = saturated;
    }

    private async Task<(List<WebhookDelivery> Claimed, Guid Token)> ClaimAsync(EngineRoomDb db, Guid endpointId, int limit, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = now.AddSeconds(options.Value.LeaseSeconds);
        var token = Guid.NewGuid();
        var ids = await db.InTransactionAsync(async () =>
        {
            var candidates = db.Provider == DatabaseProvider.Postgres
                ? db.WebhookDeliveries.FromSql($"""
                    SELECT * FROM webhooks_deliveries
                    WHERE "EndpointId" = {endpointId} AND "Status" = 'Pending' AND "NextAttemptAt" <= {now}
                    ORDER BY "NextAttemptAt" LIMIT {limit} FOR UPDATE SKIP LOCKED
                    """)
                : db.WebhookDeliveries.Where(d => d.EndpointId == endpointId && d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                    .OrderBy(d => d.NextAttemptAt).Take(limit);
            var found = await candidates.Select(d => d.Id).ToListAsync(ct);
            if (found.Count == 0) return found;
            // Conditional as well: a delivery another instance claimed since our read is not taken again.
            await db.WebhookDeliveries.Where(d => found.Contains(d.Id) && d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimToken, token).SetProperty(d => d.NextAttemptAt, until), ct);
            return found;
        }, rollback: _ => false, ct);
        if (ids.Count == 0) return ([], token);
        return (await db.WebhookDeliveries.AsNoTracking().Where(d => ids.Contains(d.Id) && d.ClaimToken == token).ToListAsync(ct), token);
    }

    private async Task SendAsync(WebhookEndpoint endpoint, WebhookDelivery delivery, Guid token, CancellationToken ct)
    {
        var endpointSlot = true;
        try
        {
            var result = await sender.SendAsync(endpoint, delivery, ct);
            // The receiver is done with us: its slot is free while the outcome is written (still under the instance's limit).
            Release(ref endpointSlot, endpoint.Id);
            if (!result.Succeeded)
                logger.LogInformation("Webhook {WebhookId} to endpoint {EndpointId} failed on attempt {Attempt}: {Status} {Error}",
                    delivery.WebhookId, endpoint.Id, delivery.Attempts + 1, result.StatusCode, result.Error);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
            await DeliveryOutcomes.RecordAsync(db, delivery, token, result, clock.GetUtcNow(), options.Value, retry: true,
                wasFailing: endpoint.FailingSince is not null, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Webhook {WebhookId}: recording the attempt failed; it is sent again when its lease ends", delivery.WebhookId);
        }
        catch (OperationCanceledException) { } // shutting down: the lease ends and another sender takes it
        finally
        {
            Release(ref endpointSlot, endpoint.Id);
            Interlocked.Decrement(ref _inFlight);
            if (_saturated) Wake();
        }
    }

    private void Release(ref bool held, Guid endpointId)
    {
        if (!held) return;
        held = false;
        _perEndpoint.AddOrUpdate(endpointId, 0, (_, n) => n - 1);
        if (_saturated) Wake();
    }
}
