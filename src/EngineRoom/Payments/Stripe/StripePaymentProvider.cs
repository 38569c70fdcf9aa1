using Microsoft.Extensions.Options;
using Stripe;

namespace EngineRoom.Payments.Stripe;

/// <summary>
/// Payments through Stripe's PaymentIntents, with Stripe.net. An authorization is a PaymentIntent confirmed at once with
/// manual capture (the checkout captures right after when <c>Payments:CaptureMode</c> is automatic; docs/decisions/0010);
/// every call carries EngineRoom's idempotency key, and the authorization's key is also kept in the PaymentIntent's
/// metadata so the payment can be found by it. Declines are <see cref="PaymentState.Declined"/> with Stripe's decline
/// code; no answer, a 5xx or a timeout is <see cref="PaymentProviderUnavailableException"/> (the caller resolves it by key).
/// </summary>
internal sealed class StripePaymentProvider(StripeClient client, IOptions<StripeOptions> options, TimeProvider clock) : IPaymentProvider
{
    public const string KeyMetadata = "engineroom_key";
    private static readonly List<string> WithCharge = ["latest_charge"];

    public string Name => "stripe";

    private PaymentIntentService Intents => new(client);

    public Task<PaymentResult> AuthorizeAsync(AuthorizeRequest request, CancellationToken ct) => CallAsync(null, async () => StripeFigures.From(
        await Intents.CreateAsync(new PaymentIntentCreateOptions
        {
            Amount = request.Amount, Currency = request.Currency.ToLowerInvariant(), PaymentMethod = request.Token, Confirm = true,
            CaptureMethod = "manual", Metadata = new() { [KeyMetadata] = request.IdempotencyKey },
            // Confirmed by the server: no redirect-based methods (3-D Secure still comes back as requires_action).
            AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions { Enabled = true, AllowRedirects = "never" },
            Expand = WithCharge,
        }, Key(request.IdempotencyKey), ct)), ct);

    public Task<PaymentResult> CaptureAsync(string paymentId, long amount, string idempotencyKey, CancellationToken ct) => CallAsync(paymentId, async () =>
        StripeFigures.From(await Intents.CaptureAsync(paymentId, new PaymentIntentCaptureOptions { AmountToCapture = amount, Expand = WithCharge },
            Key(idempotencyKey), ct)), ct);

    public async Task<PaymentResult> VoidAsync(string paymentId, string idempotencyKey, CancellationToken ct)
    {
        var result = await CallAsync(paymentId, async () =>
            StripeFigures.From(await Intents.CancelAsync(paymentId, new PaymentIntentCancelOptions { Expand = WithCharge }, Key(idempotencyKey), ct)), ct);
        // Cancelling one already cancelled is refused by Stripe; a void is done once it is void, as with the sandbox.
        return result.State == PaymentState.Failed && await GetAsync(paymentId, ct) is { State: PaymentState.Voided } voided ? voided : result;
    }

    public Task<PaymentResult> RefundAsync(string paymentId, long amount, string idempotencyKey, CancellationToken ct) => CallAsync(paymentId, async () =>
    {
        var refund = await new RefundService(client).CreateAsync(new RefundCreateOptions { PaymentIntent = paymentId, Amount = amount, Expand = ["charge"] },
            Key(idempotencyKey), ct);
        if (refund.Status is "failed" or "canceled")
            return new PaymentResult(PaymentState.Failed, paymentId, 0, 0, 0, refund.FailureReason ?? "refund_failed", "Stripe could not refund the payment.");
        return refund.Charge is { } charge ? StripeFigures.From(charge) with { PaymentId = paymentId }
            : StripeFigures.From(await Intents.GetAsync(paymentId, new PaymentIntentGetOptions { Expand = WithCharge }, null, ct));
    }, ct);

    public async Task<PaymentResult?> GetAsync(string paymentId, CancellationToken ct) => (await ReadAsync(paymentId, ct))?.Result;

    /// <summary>The PaymentIntent's figures now, and the authorization key it was made under; null when Stripe has no such one.</summary>
    public Task<(PaymentResult Result, string? Key)?> ReadAsync(string paymentId, CancellationToken ct) => CallAsync<(PaymentResult, string?)?>(async () =>
    {
        try
        {
            var pi = await Intents.GetAsync(paymentId, new PaymentIntentGetOptions { Expand = WithCharge }, null, ct);
            return (StripeFigures.From(pi), pi.Metadata?.GetValueOrDefault(KeyMetadata));
        }
        catch (StripeException e) when (e.StripeError?.Code == "resource_missing") { return null; }
    }, ct);

    public Task<ProviderDispute?> GetDisputeAsync(string disputeId, CancellationToken ct) => CallAsync<ProviderDispute?>(async () =>
    {
        try { return StripeFigures.From(await new DisputeService(client).GetAsync(disputeId, null, null, ct)); }
        catch (StripeException e) when (e.StripeError?.Code == "resource_missing") { return null; }
    }, ct);

    /// <summary>
    /// By the key in the metadata: Stripe's search first, then, because search can lag behind by up to a minute, the list
    /// of PaymentIntents created in the last <see cref="StripeOptions.FindRecentSeconds"/> (consistent, but walked page by
    /// page). Null only when both say none; an outcome it cannot tell within its pages is unknown.
    /// </summary>
    public Task<PaymentResult?> FindAsync(string authorizeIdempotencyKey, CancellationToken ct) => CallAsync(async () =>
    {
        var search = await Intents.SearchAsync(new PaymentIntentSearchOptions
        {
            Query = $"metadata['{KeyMetadata}']:'{authorizeIdempotencyKey.Replace("\\", "\\\\").Replace("'", "\\'")}'", Limit = 1,
            Expand = ["data.latest_charge"],
        }, null, ct);
        if (search.Data.FirstOrDefault() is { } found) return StripeFigures.From(found);

        var o = options.Value;
        var recent = new PaymentIntentListOptions
        {
            Limit = o.PageSize, Created = new DateRangeOptions { GreaterThanOrEqual = clock.GetUtcNow().UtcDateTime.AddSeconds(-o.FindRecentSeconds) },
            Expand = ["data.latest_charge"],
        };
        for (var page = 0; page < o.FindMaxPages; page++)
        {
            var list = await Intents.ListAsync(recent, null, ct);
            if (list.Data.FirstOrDefault(pi => pi.Metadata?.GetValueOrDefault(KeyMetadata) == authorizeIdempotencyKey) is { } listed)
                return StripeFigures.From(listed);
            if (!list.HasMore || list.Data.Count == 0) return (PaymentResult?)null;
            recent.StartingAfter = list.Data[^1].Id;
        }
        // The window holds more than the pages allowed: "none" would be a guess, and a wrong one leaves money held.
        throw new PaymentProviderUnavailableException("Too many recent PaymentIntents to tell whether one has this key; ask again later.");
    }, ct);

    /// <summary>Every page of PaymentIntents created in [from, to), with their charges for the refunded amounts.</summary>
    public Task<IReadOnlyList<ProviderPaymentRecord>> ListPaymentsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct) => CallAsync(async () =>
    {
        var records = new List<ProviderPaymentRecord>();
        var query = new PaymentIntentListOptions
        {
            Limit = options.Value.PageSize, Expand = ["data.latest_charge"],
            Created = new DateRangeOptions { GreaterThanOrEqual = from.UtcDateTime, LessThan = to.UtcDateTime },
        };
        while (true)
        {
            var page = await Intents.ListAsync(query, null, ct);
            records.AddRange(page.Data.Select(StripeFigures.Record));
            if (!page.HasMore || page.Data.Count == 0) return (IReadOnlyList<ProviderPaymentRecord>)records;
            query.StartingAfter = page.Data[^1].Id;
        }
    }, ct);

    private static RequestOptions Key(string idempotencyKey) => new() { IdempotencyKey = idempotencyKey };

    /// <summary>A money-moving call: Stripe's refusals become results; no answer becomes an unknown outcome.</summary>
    private static async Task<PaymentResult> CallAsync(string? paymentId, Func<Task<PaymentResult>> call, CancellationToken ct)
    {
        try { return await CallAsync(call, ct); }
        catch (StripeException e) { return StripeFigures.Refusal(e, paymentId); }
    }

    /// <summary>A call whose transport failure (refused connection, reset, time limit) leaves its outcome unknown.</summary>
    private static async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        try { return await call(); }
        catch (HttpRequestException e) { throw new PaymentProviderUnavailableException("Stripe could not be reached.", e); }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new PaymentProviderUnavailableException("Stripe did not answer in time.", e);
        }
        catch (StripeException e) when ((int)e.HttpStatusCode is 0 or >= 500 or 409)
        {
            throw new PaymentProviderUnavailableException($"Stripe answered {(int)e.HttpStatusCode}; the outcome is unknown.", e);
        }
    }
}
