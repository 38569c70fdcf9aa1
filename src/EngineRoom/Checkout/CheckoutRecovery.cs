using EngineRoom.Common;
using EngineRoom.Data;
using EngineRoom.Inventory;
using EngineRoom.Payments;
using EngineRoom.Pricing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Checkout;

public sealed class CheckoutOptions
{
    /// <summary>An attempt still unfinished after this long is taken to be orphaned by a crash and resolved.</summary>
    public int RecoverAfterSeconds { get; set; } = 120;
    public int SweepSeconds { get; set; } = 30;
}

/// <summary>
/// Resolves checkout attempts a crash left in flight: asks the provider what it holds under the attempt's key,
/// voids or refunds it, gives back stock and discount uses, and forgets the Idempotency-Key so the client's retry
/// runs afresh (that request never got a 2xx, so no order is lost). Safe with many instances: an attempt is claimed
/// by one conditional status change, and <see cref="PlaceOrder"/> can only record an order while it is unclaimed.
/// </summary>
internal sealed class CheckoutRecovery(IServiceScopeFactory scopes, IPaymentProvider payments, TimeProvider clock,
    IOptions<CheckoutOptions> options, ILogger<CheckoutRecovery> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(clock, TimeSpan.FromSeconds(options.Value.SweepSeconds), RecoverAsync, logger, "Checkout recovery", stoppingToken);

    public async Task<int> RecoverAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
        var now = clock.GetUtcNow();
        var cutoff = now.AddSeconds(-options.Value.RecoverAfterSeconds);
        var stale = await db.CheckoutAttempts.AsNoTracking()
            .Where(a => (a.Status == AttemptStatus.Authorizing || a.Status == AttemptStatus.Recovering) && a.UpdatedAt < cutoff)
            .OrderBy(a => a.UpdatedAt).Take(100).ToListAsync(ct);
        var resolved = 0;
        foreach (var attempt in stale)
        {
            var claimed = await db.CheckoutAttempts
                .Where(a => a.Id == attempt.Id && (a.Status == AttemptStatus.Authorizing || a.Status == AttemptStatus.Recovering) && a.UpdatedAt < cutoff)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AttemptStatus.Recovering).SetProperty(a => a.UpdatedAt, now), ct);
            if (claimed == 0) continue;
            try
            {
                var payment = await payments.FindAsync(attempt.ProviderKey, ct);
                if (!await UndoPaymentAsync(payments, attempt, payment, logger, ct)) continue; // asked again after the next cutoff
                await ReleaseAsync(db, attempt.Id, "recovered", forgetIdempotencyKey: true, now, ct);
                resolved++;
            }
            catch (PaymentProviderUnavailableException e) { logger.LogWarning(e, "Provider unavailable while recovering attempt {AttemptId}", attempt.Id); }
        }
        if (resolved > 0) logger.LogWarning("Recovered {Count} checkout attempts left in flight", resolved);
        return resolved;
    }

    /// <summary>Voids an authorization or refunds a capture taken under the attempt's key. True when nothing is left held.</summary>
    public static async Task<bool> UndoPaymentAsync(IPaymentProvider payments, CheckoutAttempt attempt, PaymentResult? payment, ILogger logger, CancellationToken ct)
    {
        if (payment is not { PaymentId: { } paymentId } || payment.State is PaymentState.Voided or PaymentState.Refunded or PaymentState.Declined or PaymentState.Failed)
            return true;
        try
        {
            var undone = payment.Captured > 0
                ? await payments.RefundAsync(paymentId, payment.Captured - payment.Refunded, attempt.ProviderKey + "-refund", ct)
                : await payments.VoidAsync(paymentId, attempt.ProviderKey + "-void", ct);
            if (undone.Succeeded) return true;
            logger.LogError("Could not undo payment {PaymentId} of attempt {AttemptId}: {Code}", paymentId, attempt.Id, undone.DeclineCode);
        }
        catch (PaymentProviderUnavailableException e) { logger.LogWarning(e, "Could not reach the provider to undo payment {PaymentId}", paymentId); }
        return false;
    }

    /// <summary>Marks the attempt failed and gives back its stock and discount uses, in one transaction.</summary>
    public static Task ReleaseAsync(EngineRoomDb db, Guid attemptId, string reason, bool forgetIdempotencyKey, DateTimeOffset now, CancellationToken ct) =>
        db.InTransactionAsync(async () =>
        {
            var attempt = await db.CheckoutAttempts.AsNoTracking().SingleAsync(a => a.Id == attemptId, ct);
            await db.CheckoutAttempts.Where(a => a.Id == attemptId && a.Status != AttemptStatus.Completed).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Status, AttemptStatus.Failed).SetProperty(a => a.FailureCode, reason).SetProperty(a => a.UpdatedAt, now), ct);
            await StockReservations.ReleaseAsync(db, attemptId, ct);
            await DiscountClaims.ReleaseAsync(db, attemptId, ct);
            if (forgetIdempotencyKey && attempt.IdempotencyKey is { } key)
                // Only the claim this attempt ran under (made before it), never a later retry's live one.
                await db.IdempotencyRecords.Where(r => r.Scope == attempt.IdempotencyScope && r.Key == key && !r.Completed && r.CreatedAt <= attempt.CreatedAt)
                    .ExecuteDeleteAsync(ct);
            return true;
        }, rollback: _ => false, ct);
}
