using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Common.Idempotency;

/// <summary>Deletes Idempotency-Keys past their 24 hours, hourly. Any instance may do it; deleting twice is harmless.</summary>
internal sealed class IdempotencyCleanup(IServiceScopeFactory scopes, TimeProvider clock, ILogger<IdempotencyCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
                var now = clock.GetUtcNow();
                await db.IdempotencyRecords.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Idempotency key cleanup failed; will retry"); }
        }
    }
}
