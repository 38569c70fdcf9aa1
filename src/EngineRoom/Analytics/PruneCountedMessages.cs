using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Analytics;

/// <summary>
/// Deletes counted-message markers once their message can no longer come back: the marker is older than
/// <c>Analytics:KeepMarkersDays</c> and its outbox message was dispatched before that too, or is gone. A message still
/// waiting (or leased to a dispatcher that may die) keeps its marker, whatever its age: its redelivery must find it.
/// Hourly, on every instance: each run is a few bounded, conditional deletes, so instances running at once only
/// delete the same rows, and no run holds locks for long.
/// </summary>
internal sealed class PruneCountedMessages(IServiceScopeFactory scopes, TimeProvider clock, IOptions<AnalyticsOptions> options,
    ILogger<PruneCountedMessages> logger) : BackgroundService
{
    private const int RowsPerStatement = 5_000;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(clock, TimeSpan.FromHours(1), PruneAsync, logger, "Analytics marker pruning", stoppingToken);

    /// <summary>Prunes what may go; answers how many markers were deleted.</summary>
    public async Task<int> PruneAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
        var cutoff = clock.GetUtcNow().AddDays(-options.Value.KeepMarkersDays);
        var deleted = 0;
        for (int rows; (rows = await DeleteAsync(db, cutoff, ct)) > 0;) deleted += rows;
        return deleted;
    }

    private static Task<int> DeleteAsync(EngineRoomDb db, DateTimeOffset at, CancellationToken ct)
    {
        object cutoff = db.Provider == DatabaseProvider.Postgres ? at : at.UtcTicks; // SQLite keeps instants as UTC ticks
        return db.Database.ExecuteSqlAsync($"""
            DELETE FROM analytics_counted_messages WHERE "MessageId" IN (
                SELECT c."MessageId" FROM analytics_counted_messages c
                WHERE c."CountedAt" < {cutoff} AND NOT EXISTS (SELECT 1 FROM common_outbox_messages m
                    WHERE m."Id" = c."MessageId" AND (m."DispatchedAt" IS NULL OR m."DispatchedAt" >= {cutoff}))
                LIMIT {RowsPerStatement})
            """, ct);
    }
}
