using System.Text.Json;

namespace EngineRoom.Payments.Sandbox;

/// <summary>
/// The built-in provider for development and tests. It keeps its records in its own store (<see cref="SandboxStore"/>, in
/// memory), as an outside provider would, so nothing it does is part of the shop's database or transactions.
/// Test tokens: <c>tok_visa</c> succeeds; <c>tok_declined</c> is declined (card_declined); <c>tok_insufficient_funds</c>
/// is declined (insufficient_funds); <c>tok_error</c> fails at the provider; <c>tok_timeout</c> authorizes and then times
/// out, the ambiguous case; <c>tok_refund_fails_once</c> pays like tok_visa but the first refund of each idempotency key
/// fails at the provider (to show a failed refund changes nothing and can be retried). Any other token is declined.
/// <c>Payments:Sandbox:LatencyMilliseconds</c> (0 by default) makes every call wait that long first, on the injected clock,
/// as a call to a remote provider would.
/// </summary>
internal sealed class SandboxPaymentProvider(SandboxStore store, TimeProvider clock, IConfiguration config) : IPaymentProvider
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

        // A key seen before answers the charge it made, as at a real provider.
        var charge = store.AddOrGet(new SandboxCharge
        {
            Id = $"sb_ch_{Guid.NewGuid():N}", IdempotencyKey = request.IdempotencyKey, Token = request.Token,
            Currency = request.Currency, Authorized = request.Amount, State = PaymentState.Authorized, CreatedAt = clock.GetUtcNow(),
        });
        if (request.Token == "tok_timeout") throw new PaymentProviderUnavailableException("The sandbox provider timed out (tok_timeout).");
        return ToResult(charge);
    }

    public async Task<PaymentResult> CaptureAsync(string paymentId, long amount, string idempotencyKey, CancellationToken ct)
    {
        await LatencyAsync(ct);
        return Apply(paymentId, "capture", idempotencyKey, charge =>
        {
            if (charge.State is not (PaymentState.Authorized or PaymentState.Captured) || charge.Captured + amount > charge.Authorized)
                return "capture_not_allowed";
            charge.Captured += amount;
            charge.State = PaymentState.Captured;
            return null;
        });
    }

    public async Task<PaymentResult> VoidAsync(string paymentId, string idempotencyKey, CancellationToken ct)
    {
        await LatencyAsync(ct);
        return Apply(paymentId, "void", idempotencyKey, charge =>
        {
            if (charge.State is PaymentState.Voided) return null;
            if (charge.Captured > 0) return "already_captured";
            charge.State = PaymentState.Voided;
            return null;
        });
    }

    public async Task<PaymentResult> RefundAsync(string paymentId, long amount, string idempotencyKey, CancellationToken ct)
    {
        await LatencyAsync(ct);
        if (store.Find(paymentId) is { Token: "tok_refund_fails_once" } && store.FirstTime(idempotencyKey + "#failed-once"))
            return new PaymentResult(PaymentState.Failed, paymentId, 0, 0, 0, "processing_error", "The provider failed to process the refund.");
        return Apply(paymentId, "refund", idempotencyKey, charge =>
        {
            if (amount <= 0 || charge.Refunded + amount > charge.Captured) return "refund_exceeds_captured";
            charge.Refunded += amount;
            charge.State = charge.Refunded == charge.Captured ? PaymentState.Refunded : PaymentState.PartiallyRefunded;
            return null;
        });
    }

    public async Task<PaymentResult?> FindAsync(string authorizeIdempotencyKey, CancellationToken ct)
    {
        await LatencyAsync(ct);
        return store.FindByKey(authorizeIdempotencyKey) is { } charge ? ToResult(charge) : null;
    }

    public async Task<PaymentResult?> GetAsync(string paymentId, CancellationToken ct)
    {
        await LatencyAsync(ct);
        return store.Find(paymentId) is { } charge ? ToResult(charge) : null;
    }

    public async Task<IReadOnlyList<ProviderPaymentRecord>> ListPaymentsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await LatencyAsync(ct);
        return store.All().Where(c => c.CreatedAt >= from && c.CreatedAt < to).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => new ProviderPaymentRecord(c.Id, c.IdempotencyKey, c.Currency, c.Authorized, c.Captured, c.Refunded,
                JsonNamingPolicy.SnakeCaseLower.ConvertName(c.State.ToString()), c.CreatedAt)).ToList();
    }

    private PaymentResult Apply(string paymentId, string kind, string idempotencyKey, Func<SandboxCharge, string?> apply)
    {
        var (charge, refusal) = store.Apply(paymentId, idempotencyKey, apply);
        if (charge is null) return new PaymentResult(PaymentState.Failed, paymentId, 0, 0, 0, "no_such_payment", "The provider has no such payment.");
        return refusal is null ? ToResult(charge) : ToResult(charge) with { State = PaymentState.Failed, DeclineCode = refusal, Message = $"The provider refused the {kind}." };
    }

    private static PaymentResult Declined(string code, string message) => new(PaymentState.Declined, null, 0, 0, 0, code, message);

    private static PaymentResult ToResult(SandboxCharge c) => new(c.State, c.Id, c.Authorized, c.Captured, c.Refunded);
}
