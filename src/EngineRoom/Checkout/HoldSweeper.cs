using EngineRoom.Common;
using EngineRoom.Common.Telemetry;
using EngineRoom.Data;
using EngineRoom.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Checkout;

/// <summary>
/// Gives back the stock of checkout attempts whose hold ran out (a checkout that stalled, or a customer who never
/// finished 3-D Secure), every <c>Inventory:SweepSeconds</c>. Only the hold ends here: the attempt itself, and any
/// payment taken under it, is the recovery job's (<see cref="CheckoutRecovery"/>), and a record that comes later finds
/// the hold gone and rolls back. Safe with many instances: a hold is released by the one conditional change of its state.
/// </summary>
internal sealed class HoldSweeper(IServiceScopeFactory scopes, TimeProvider clock, IOptions<InventoryOptions> options,
    CommerceMetrics metrics, ILogger<HoldSweeper> logger) : BackgroundService
{
    private const int Batch = 500;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(clock, TimeSpan.FromSeconds(options.Value.SweepSeconds), SweepAsync, logger, "Hold sweep", stoppingToken);

    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
        int released, total = 0;
        do total += released = await ReleaseExpiredAsync(db, clock.GetUtcNow(), ct);
        while (released == Batch);
        if (total > 0) logger.LogInformation("Released the stock of {Count} checkout attempts whose hold ran out", total);
        metrics.ReservationsExpired(total);
        return total;
    }

    private static async Task<int> ReleaseExpiredAsync(EngineRoomDb db, DateTimeOffset now, CancellationToken ct)
    {
        // A held attempt is unfinished (a completed one sold its hold, a failed one released it): the (Status, ExpiresAt) index finds it.
        var expired = await db.CheckoutAttempts.AsNoTracking()
            .Where(a => (a.Status == AttemptStatus.Authorizing || a.Status == AttemptStatus.AwaitingAction || a.Status == AttemptStatus.Recovering)
                && a.Hold == HoldState.Held && a.ExpiresAt <= now)
            .OrderBy(a => a.ExpiresAt).Take(Batch).Select(a => a.Id).ToListAsync(ct);
        var released = 0;
        foreach (var id in expired)
            if (await ReleaseHoldAsync(db, id, ct)) released++;
        return released;
    }

    /// <summary>
    /// Ends the attempt's hold and gives its stock back, if it is still held: in one transaction (the caller's, when it
    /// has one). False when someone else ended it first (sold or released).
    /// </summary>
    public static async Task<bool> ReleaseHoldAsync(EngineRoomDb db, Guid attemptId, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null) return await work();
        return await db.InTransactionAsync(work, rollback: _ => false, ct);

        async Task<bool> work()
        {
            if (await db.CheckoutAttempts.Where(a => a.Id == attemptId && a.Hold == HoldState.Held)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.Hold, HoldState.Released), ct) == 0) return false;
            var holds = await db.CheckoutAttempts.Where(a => a.Id == attemptId).Select(a => a.Holds).SingleAsync(ct);
            await StockReservations.ReleaseAsync(db, StockHeld.Read(holds), ct);
            return true;
        }
    }
}
