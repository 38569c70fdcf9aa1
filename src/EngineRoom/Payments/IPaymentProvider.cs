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
    /// The payment's current figures and state, read from the provider now: what a provider webhook is checked against
    /// (its own payload may be older than another event already handled), and how a checkout waiting on the customer
    /// (<see cref="PaymentState.RequiresAction"/>) learns the outcome. Null when the provider has no such payment.
    /// </summary>
    Task<PaymentResult?> GetAsync(string paymentId, CancellationToken ct) =>
        throw new NotSupportedException($"The {Name} provider cannot read a payment by id.");

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

/// <remarks>
/// <see cref="RequiresAction"/>: the provider needs the customer before it can authorize (3-D Secure, a redirect).
/// Nothing is authorized yet; the storefront completes it with <see cref="PaymentResult.ClientSecret"/>, and the outcome
/// arrives later (<see cref="IPaymentProvider.GetAsync"/>, <see cref="IPaymentEventHandler"/>). Appended last: the
/// state is stored by name, so the order of the others does not matter, but nothing moves.
/// </remarks>
public enum PaymentState { Authorized, Captured, PartiallyRefunded, Refunded, Voided, Declined, Failed, RequiresAction }

/// <param name="ClientSecret">With <see cref="PaymentState.RequiresAction"/>: what the storefront hands the provider's
/// client library to let the customer act (Stripe's PaymentIntent client secret). Never logged or stored.</param>
/// <param name="NextActionType">With <see cref="PaymentState.RequiresAction"/>: the provider's name for what the customer
/// must do (Stripe: <c>use_stripe_sdk</c>, <c>redirect_to_url</c>).</param>
public sealed record PaymentResult(
    PaymentState State, string? PaymentId, long Authorized, long Captured, long Refunded, string? DeclineCode = null, string? Message = null,
    string? ClientSecret = null, string? NextActionType = null)
{
    /// <summary>Money is held or was moved: not declined, not failed, and not still waiting on the customer.</summary>
    public bool Succeeded => State is not (PaymentState.Declined or PaymentState.Failed or PaymentState.RequiresAction);

    // The client secret lets whoever holds it confirm the payment: it stays out of ToString (logs, test output).
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"State = {State}, PaymentId = {PaymentId}, Authorized = {Authorized}, Captured = {Captured}, Refunded = {Refunded}, ");
        builder.Append($"DeclineCode = {DeclineCode}, Message = {Message}, NextActionType = {NextActionType}");
        return true;
    }
}

public sealed class PaymentProviderUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

public sealed class PaymentOptions
{
    /// <summary><c>sandbox</c> (the default) or <c>stripe</c>; see <see cref="PaymentsModule"/>.</summary>
    public string Provider { get; set; } = "sandbox";

    /// <summary><c>automatic</c> (capture when the order is placed) or <c>manual</c> (staff capture later).</summary>
    public string CaptureMode { get; set; } = "automatic";
    public bool CaptureAutomatically => !string.Equals(CaptureMode, "manual", StringComparison.OrdinalIgnoreCase);
}
