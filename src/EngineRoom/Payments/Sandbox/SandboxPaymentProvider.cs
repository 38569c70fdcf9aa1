using System.Text.Json;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Payments.Sandbox;

/// <summary>
/// The built-in provider for development and tests. It keeps its records in its own tables through its own database
/// scope, as an outside provider would, so nothing it does is part of the caller's transaction.
/// Test tokens: <c>tok_visa</c> succeeds; <c>tok_declined</c> is declined (card_declined); <c>tok_insufficient_funds</c>
/// is declined (insufficient_funds); <c>tok_error</c> fails at the provider; <c>tok_timeout</c> authorizes and then times
/// out, the ambiguous case; <c>tok_refund_fails_once</c> pays like tok_visa but the first refund of each idempotency key
/// fails at the provider (to show a failed refund changes nothing and can be retried). Any other token is declined.
/// <c>Payments:Sandbox:LatencyMilliseconds</c> (0 by default) makes every call wait that long first, on the injected clock,
/// as a call to a remote provider would.
/// </summary>
internal sealed class SandboxPaymentProvider(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration config) : IPaymentProvider
{
    private readonly TimeSpan _latency = TimeSpan.FromMilliseconds(config.GetValue("Payments:Sandbox:LatencyMilliseconds", 0));

    public string Name => "sandbox";

    // Before the provider touches its records, so a FakeTimeProvider decides when they change; 0 makes no timer at all.
    private Task LatencyAsync(CancellationToken ct) => _latency > TimeSpan.Zero ? Task.Delay(_latency, clock, ct) : Task.CompletedTask;

    public async Task<PaymentResult> AuthorizeAsync(AuthorizeRequest request, CancellationToken ct)
    {
        await LatencyAsync(ct);
        switch (request.Token)
        {
            case "tok_declined": return Declined("card_declined", "The card was declined.");
            case "tok_insufficient_funds": return Declined("insufficient_funds", "The card has insufficient funds.");
            case "tok_error": return new PaymentResult(PaymentState.Failed, null, 0, 0, 0, "processing_error", "The provider failed to process the payment.");
            case "tok_visa" or "tok_timeout" or "tok_refund_fails_once": break;
            default: return Declined("invalid_token", "The payment token is not one the sandbox knows.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
        // Insert first: a new key (the usual case) costs one statement; a key seen before fails on its unique index and
        // the charge it made stands, as at a real provider.
        var charge = new SandboxCharge
        {
            Id = $"sb_ch_{Guid.NewGuid():N}", IdempotencyKey = request.IdempotencyKey, Token = request.Token,
            Currency = request.Currency, Authorized = request.Amount, State = PaymentState.Authorized, CreatedAt = clock.GetUtcNow(),
        };
        db.SandboxCharges.Add(charge);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            charge = await db.SandboxCharges.AsNoTracking().SingleAsync(c => c.IdempotencyKey == request.IdempotencyKey, ct);
        }
        if (request.Token == "tok_timeout") throw new PaymentProviderUnavailableException("The sandbox provider timed out (tok_timeout).");
        return ToResult(charge);
    }

    public async Task<PaymentResult> CaptureAsync(string paymentId, long amount, string idempotencyKey, CancellationToken ct)
    {
        await LatencyAsync(ct);
        return await ApplyAsync(paymentId, "capture", amount, idempotencyKey, charge =>
        {
            if (charge.State is not (PaymentState.Authorized or PaymentState.Captured) || charge.Captured + amount > charge.Authorized)
                return "capture_not_allowed";
            charge.Captured += amount;
            charge.State = PaymentState.Captured;
            return null;
        }, ct);
    }

    public async Task<PaymentResult> VoidAsync(string paymentId, string idempotencyKey, CancellationToken ct)
    {
        await LatencyAsync(ct);
        return await ApplyAsync(paymentId, "void", 0, idempotencyKey, charge =>
        {
            if (charge.State is PaymentState.Voided) return null;
            if (charge.Captured > 0) return "already_captured";
            charge.State = PaymentState.Voided;
            return null;
        }, ct);
    }

    public async Task<PaymentResult> RefundAsync(string paymentId, long amount, string idempotencyKey, CancellationToken ct)
    {
        await LatencyAsync(ct);
        if (await FailsOnceAsync(paymentId, idempotencyKey, ct))
            return new PaymentResult(PaymentState.Failed, paymentId, 0, 0, 0, "processing_error", "The provider failed to process the refund.");
        return await ApplyAsync(paymentId, "refund", amount, idempotencyKey, charge =>
        {
            if (amount <= 0 || charge.Refunded + amount > charge.Captured) return "refund_exceeds_captured";
            charge.Refunded += amount;
            charge.State = charge.Refunded == charge.Captured ? PaymentState.Refunded : PaymentState.PartiallyRefunded;
            return null;
        }, ct);
    }

    private async Task<bool> FailsOnceAsync(string paymentId, string idempotencyKey, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
        if (!await db.SandboxCharges.AnyAsync(c => c.Id == paymentId && c.Token == "tok_refund_fails_once", ct)) return false;
        var marker = idempotencyKey + "#failed-once";
        if (await db.SandboxOperations.AnyAsync(o => o.IdempotencyKey == marker, ct)) return false;
        db.SandboxOperations.Add(new SandboxOperation { IdempotencyKey = marker, ChargeId = paymentId, Kind = "failure", CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<PaymentResult?> FindAsync(string authorizeIdempotencyKey, CancellationToken ct)
    {
        await LatencyAsync(ct);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
        var charge = await db.SandboxCharges.AsNoTracking().SingleOrDefaultAsync(c => c.IdempotencyKey == authorizeIdempotencyKey, ct);
        return charge is null ? null : ToResult(charge);
    }

    public async Task<IReadOnlyList<ProviderPaymentRecord>> ListPaymentsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await LatencyAsync(ct);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
        var charges = await db.SandboxCharges.AsNoTracking().Where(c => c.CreatedAt >= from && c.CreatedAt < to)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToListAsync(ct);
        return charges.Select(c => new ProviderPaymentRecord(c.Id, c.IdempotencyKey, c.Currency, c.Authorized, c.Captured, c.Refunded,
            JsonNamingPolicy.SnakeCaseLower.ConvertName(c.State.ToString()), c.CreatedAt)).ToList();
    }

    /// <summary>Applies an operation once per idempotency key, under a lock on the charge, like a real provider's API.</summary>
    private async Task<PaymentResult> ApplyAsync(string paymentId, string kind, long amount, string idempotencyKey,
        Func<SandboxCharge, string?> apply, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var charge = await Locked(db, paymentId).SingleOrDefaultAsync(ct);
        if (charge is null) return new PaymentResult(PaymentState.Failed, paymentId, 0, 0, 0, "no_such_payment", "The provider has no such payment.");
        if (await db.SandboxOperations.AnyAsync(o => o.IdempotencyKey == idempotencyKey, ct)) return ToResult(charge);

        var refusal = apply(charge);
        if (refusal is not null) return ToResult(charge) with { State = PaymentState.Failed, DeclineCode = refusal, Message = $"The provider refused the {kind}." };
        db.SandboxOperations.Add(new SandboxOperation { IdempotencyKey = idempotencyKey, ChargeId = charge.Id, Kind = kind, Amount = amount, CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ToResult(charge);
    }

    // PostgreSQL needs an explicit row lock; SQLite's write transaction is already exclusive.
    private static IQueryable<SandboxCharge> Locked(EngineRoomDb db, string id) => db.Provider == DatabaseProvider.Postgres
        ? db.SandboxCharges.FromSql($"SELECT * FROM payments_sandbox_charges WHERE \"Id\" = {id} FOR UPDATE")
        : db.SandboxCharges.Where(c => c.Id == id);

    private static PaymentResult Declined(string code, string message) => new(PaymentState.Declined, null, 0, 0, 0, code, message);

    private static PaymentResult ToResult(SandboxCharge c) => new(c.State, c.Id, c.Authorized, c.Captured, c.Refunded);
}
