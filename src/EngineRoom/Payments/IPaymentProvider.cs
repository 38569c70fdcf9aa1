namespace EngineRoom.Payments;

/// <summary>
/// A payment provider. Every call carries the provider's own idempotency key, so a retried call never charges
/// twice. A call that times out or fails in transport throws <see cref="PaymentProviderUnavailableException"/>:
/// the outcome is then unknown and the caller must resolve it (void by key, or look it up with <see cref="FindAsync"/>).
/// </summary>
public interface IPaymentProvider
{
    string Name { get; }
    Task<PaymentResult> AuthorizeAsync(AuthorizeRequest request, CancellationToken ct);
    Task<PaymentResult> CaptureAsync(string paymentId, long amount, string idempotencyKey, CancellationToken ct);
    Task<PaymentResult> VoidAsync(string paymentId, string idempotencyKey, CancellationToken ct);
    Task<PaymentResult> RefundAsync(string paymentId, long amount, string idempotencyKey, CancellationToken ct);
    /// <summary>The payment an authorization with this idempotency key created, if the provider has one.</summary>
    Task<PaymentResult?> FindAsync(string authorizeIdempotencyKey, CancellationToken ct);

    /// <summary>
    /// Every payment the provider created in [<paramref name="from"/>, <paramref name="to"/>), with its current figures,
    /// for reconciliation. A real provider lists in pages (Stripe: at most 100 per call, a <c>starting_after</c> cursor,
    /// rate limits), so its adapter walks the pages to the end of the window: one page would silently hide the rest.
    /// </summary>
    Task<IReadOnlyList<ProviderPaymentRecord>> ListPaymentsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct);
}

/// <summary>A payment as the provider sees it. Amounts in minor units; <see cref="State"/> in the provider's own words.</summary>
public sealed record ProviderPaymentRecord(
    string PaymentId, string IdempotencyKey, string Currency, long Authorized, long Captured, long Refunded, string State, DateTimeOffset CreatedAt);

/// <param name="Token">A provider token for the payment method (never a card number).</param>
public sealed record AuthorizeRequest(long Amount, string Currency, string Token, string IdempotencyKey);

public enum PaymentState { Authorized, Captured, PartiallyRefunded, Refunded, Voided, Declined, Failed }

public sealed record PaymentResult(
    PaymentState State, string? PaymentId, long Authorized, long Captured, long Refunded, string? DeclineCode = null, string? Message = null)
{
    public bool Succeeded => State is not (PaymentState.Declined or PaymentState.Failed);
}

public sealed class PaymentProviderUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

public sealed class PaymentOptions
{
    /// <summary><c>automatic</c> (capture when the order is placed) or <c>manual</c> (staff capture later).</summary>
    public string CaptureMode { get; set; } = "automatic";
    public bool CaptureAutomatically => !string.Equals(CaptureMode, "manual", StringComparison.OrdinalIgnoreCase);
}
