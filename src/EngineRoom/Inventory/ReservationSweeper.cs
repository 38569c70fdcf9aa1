using EngineRoom.Common;
using EngineRoom.Common.Telemetry;
using EngineRoom.Data;
using Microsoft.Extensions.Options;

namespace EngineRoom.Inventory;

public sealed class InventoryOptions
{
    /// <summary>How long stock stays held for a checkout in progress.</summary>
    public int ReservationMinutes { get; set; } = 15;
    /// <summary>How often expired reservations are looked for.</summary>
    public int SweepSeconds { get; set; } = 30;
}

/// <summary>
/// Releases expired reservations in the background. Safe with many instances running at once: each release is a
/// conditional status change, so a reservation is given back exactly once whoever finds it first.
/// </summary>
internal sealed class ReservationSweeper(IServiceScopeFactory scopes, TimeProvider clock, IOptions<InventoryOptions> options,
    CommerceMetrics metrics, ILogger<ReservationSweeper> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(clock, TimeSpan.FromSeconds(options.Value.SweepSeconds), SweepAsync, logger, "Reservation sweep", stoppingToken);

    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
        int released, total = 0;
        do total += released = await StockReservations.ReleaseExpiredAsync(db, clock.GetUtcNow(), 500, ct);
        while (released == 500);
        if (total > 0) logger.LogInformation("Released {Count} expired stock reservations", total);
        metrics.ReservationsExpired(total);
        return total;
    }
}
