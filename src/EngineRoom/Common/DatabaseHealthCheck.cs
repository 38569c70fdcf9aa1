using EngineRoom.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EngineRoom.Common;

internal sealed class DatabaseHealthCheck(EngineRoomDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        await db.CanConnectWithinAsync(TimeSpan.FromSeconds(2), ct)
            ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The database cannot be reached within 2 s.");
}
