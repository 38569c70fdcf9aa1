using EngineRoom.Common;
using EngineRoom.Common.Idempotency;
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
    /// <summary>Buyers of the same SKU go from stock check to hold one at a time per instance (Inventory/StockGate.cs); off only to measure it.</summary>
    public bool StockGate { get; set; } = true;
}

/// <summary>
/// Resolves checkout attempts a crash left in flight: asks the provider what it holds under the attempt's key,
/// voids or refunds it, gives back stock and discount uses, and forgets the Idempotency-Key so the client's retry
/// runs afresh (that request never got a 2xx, so no order is lost). Safe with many instances: an attempt is claimed
/// by one conditional status change, and <see cref="PlaceOrder"/> can only record an order while it is unclaimed.
/// An attempt waiting on the customer (3-D Secure) is left alone until its hold expires; then its payment is cancelled at
/// the provider, its hold released and its key's 202 replaced by 409 <c>checkout_expired</c>.
/// </summary>
internal sealed class CheckoutRecovery(IServiceScopeFactory scopes, IPaymentProvider payments, TimeProvider clock,
    IOptions<CheckoutOptions> options, AnswerSeal seal, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
    ILogger<CheckoutRecovery> logger) : BackgroundService
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
        var resolved = await ExpireAsync(db, now, ct);
        foreach (var attempt in stale)
        {
            var claimed = await db.CheckoutAttempts
                .Where(a => a.Id == attempt.Id && (a.Status == AttemptStatus.Authorizing || a.Status == AttemptStatus.Recovering) && a.UpdatedAt < cutoff)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AttemptStatus.Recovering).SetProperty(a => a.UpdatedAt, now), ct);
            if (claimed == 0) continue;
            try
            {
                var payment = attempt.ProviderPaymentId is { } id ? await payments.GetAsync(id, ct) : await payments.FindAsync(attempt.ProviderKey, ct);
                if (!await UndoPaymentAsync(payments, attempt, payment, logger, ct)) continue; // asked again after the next cutoff
                // One that waited on the customer answered 202 under its key: the key now answers that it expired.
                await ReleaseAsync(db, attempt.Id, attempt.ProviderPaymentId is null ? "recovered" : "expired", forgetIdempotencyKey: true, now, ct,
                    attempt.ProviderPaymentId is null ? null : CheckoutProblems.Stored(CheckoutProblems.Expired(), seal, json.Value.SerializerOptions));
                resolved++;
            }
            catch (PaymentProviderUnavailableException e) { logger.LogWarning(e, "Provider unavailable while recovering attempt {AttemptId}", attempt.Id); }
        }
        if (resolved > 0) logger.LogWarning("Recovered {Count} checkout attempts left in flight", resolved);
        return resolved;
    }

    /// <summary>
    /// Attempts that waited on the customer past their hold: each claimed by one conditional update (so of several
    /// instances one resolves it, and neither the storefront nor the webhook can complete it any more), its payment
    /// cancelled at the provider, then released as <see cref="RecoverAsync"/> releases a stalled one.
    /// </summary>
    private async Task<int> ExpireAsync(EngineRoomDb db, DateTimeOffset now, CancellationToken ct)
    {
        var expired = await db.CheckoutAttempts.AsNoTracking().Where(a => a.Status == AttemptStatus.AwaitingAction && a.ExpiresAt <= now)
            .OrderBy(a => a.ExpiresAt).Take(100).ToListAsync(ct);
        var resolved = 0;
        foreach (var attempt in expired)
        {
            if (await db.CheckoutAttempts.Where(a => a.Id == attempt.Id && a.Status == AttemptStatus.AwaitingAction)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AttemptStatus.Recovering).SetProperty(a => a.UpdatedAt, now), ct) == 0) continue;
            try
            {
                var payment = await payments.GetAsync(attempt.ProviderPaymentId!, ct);
                if (!await UndoPaymentAsync(payments, attempt, payment, logger, ct)) continue; // left Recovering: asked again after the cutoff
                await ReleaseAsync(db, attempt.Id, "expired", forgetIdempotencyKey: false, now, ct,
                    CheckoutProblems.Stored(CheckoutProblems.Expired(), seal, json.Value.SerializerOptions));
                logger.LogInformation("Checkout attempt {AttemptId} waited on the customer past its hold: payment cancelled, hold released", attempt.Id);
                resolved++;
            }
            catch (PaymentProviderUnavailableException e) { logger.LogWarning(e, "Provider unavailable while expiring attempt {AttemptId}", attempt.Id); }
        }
        return resolved;
    }

    /// <summary>
    /// Voids an authorization or refunds a capture taken under the attempt's key. True when nothing is left held. A
    /// payment still waiting on the customer, or declined at the provider but still open there (Stripe's requires_payment_method,
    /// which the customer could confirm again), is cancelled too.
    /// </summary>
    /// <param name="again">Set when an earlier undo under the usual key was answered and the payment came back (a late success).</param>
    public static async Task<bool> UndoPaymentAsync(IPaymentProvider payments, CheckoutAttempt attempt, PaymentResult? payment, ILogger logger, CancellationToken ct,
        bool again = false)
    {
        var open = payment is { State: PaymentState.Declined, PaymentId: not null } && attempt.ProviderPaymentId is not null;
        if (payment is not { PaymentId: { } paymentId } || (!open && payment.State is PaymentState.Voided or PaymentState.Refunded or PaymentState.Declined or PaymentState.Failed))
            return true;
        try
        {
            var undone = payment.Captured > 0
                ? await payments.RefundAsync(paymentId, payment.Captured - payment.Refunded, attempt.ProviderKey + "-refund" + (again ? "-late" : ""), ct)
                : await payments.VoidAsync(paymentId, attempt.ProviderKey + "-void" + (again ? "-late" : ""), ct);
            if (undone.Succeeded) return true;
            logger.LogError("Could not undo payment {PaymentId} of attempt {AttemptId}: {Code}", paymentId, attempt.Id, undone.DeclineCode);
        }
        catch (PaymentProviderUnavailableException e) { logger.LogWarning(e, "Could not reach the provider to undo payment {PaymentId}", paymentId); }
        return false;
    }

    /// <summary>
    /// Marks the attempt failed and gives back its stock and discount uses, in one transaction (the caller's, when it has
    /// one: a provider webhook's). <paramref name="answer"/> replaces the 202 its key answered while it waited on the customer.
    /// </summary>
    public static async Task ReleaseAsync(EngineRoomDb db, Guid attemptId, string reason, bool forgetIdempotencyKey, DateTimeOffset now, CancellationToken ct,
        ReplacedAnswer? answer = null)
    {
        if (db.Database.CurrentTransaction is not null) await work();
        else await db.InTransactionAsync(work, rollback: _ => false, ct);

        async Task<bool> work()
        {
            var attempt = await db.CheckoutAttempts.AsNoTracking().SingleAsync(a => a.Id == attemptId, ct);
            // Failed here (its row locked until this commits, so no completion can overtake it), or completed already:
            // then its discount uses are its order's and stay. Its hold is given back by the hold's own state change.
            var failed = await db.CheckoutAttempts.Where(a => a.Id == attemptId && a.Status != AttemptStatus.Completed).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Status, AttemptStatus.Failed).SetProperty(a => a.FailureCode, reason).SetProperty(a => a.UpdatedAt, now), ct) == 1;
            await HoldSweeper.ReleaseHoldAsync(db, attemptId, ct);
            if (failed) await DiscountClaims.ReleaseAsync(db, attemptId, ct);
            if (forgetIdempotencyKey && attempt.IdempotencyKey is { } key)
                // Only the claim this attempt ran under (made before it), never a later retry's live one.
                await db.IdempotencyRecords.Where(r => r.Scope == attempt.IdempotencyScope && r.Key == key && !r.Completed && r.CreatedAt <= attempt.CreatedAt)
                    .ExecuteDeleteAsync(ct);
            if (answer is not null && attempt.IdempotencyKey is { } waited)
                await new IdempotencyClaim(attempt.IdempotencyScope!, waited, answer.Seal)
                    .ReplaceAsync(db, StatusCodes.Status202Accepted, answer.Status, "application/problem+json", answer.Body, ct);
            return true;
        }
    }
}
