using System.Diagnostics;
using EngineRoom.Common.Idempotency;
using EngineRoom.Common.Telemetry;
using EngineRoom.Orders;
using EngineRoom.Payments;
using Microsoft.Extensions.Options;

namespace EngineRoom.Checkout;

/// <summary>
/// Ends a checkout that waited on the customer (3-D Secure), from its payment as the provider holds it now (never from
/// what a client or an event says). The storefront (<see cref="CompleteCheckout"/>) and the provider's webhook
/// (<see cref="FollowCheckoutPayments"/>) both come here, in either order or at once: the attempt's conditional
/// completion in <see cref="PlaceOrder.RecordAsync"/> decides which one records the order, and the other answers with
/// that order and leaves the payment alone. A payment that failed ends the attempt: payment cancelled, hold released.
/// </summary>
internal sealed class AwaitedCheckouts(PlaceOrder placeOrder, IPaymentProvider payments, AnswerSeal seal,
    IOptions<PaymentOptions> paymentOptions, CommerceMetrics metrics, ILogger<AwaitedCheckouts> logger)
{
    /// <summary>What the storefront's completion answers, whatever state the attempt is in.</summary>
    public async Task<PlaceOrderOutcome> CompleteAsync(CheckoutAttempt attempt, CancellationToken ct)
    {
        switch (attempt.Status)
        {
            case AttemptStatus.Completed when await placeOrder.CompletedOrderAsync(attempt.Id, ct) is { } order:
                return new PlaceOrderOutcome.Existing(OrderDto.From(order, CheckoutSale.Open(seal, attempt)?.GuestToken));
            case AttemptStatus.Failed:
                return new PlaceOrderOutcome.Refused(CheckoutProblems.Ended(attempt.FailureCode));
            case AttemptStatus.AwaitingAction:
                var current = await payments.GetAsync(attempt.ProviderPaymentId!, ct)
                    ?? new PaymentResult(PaymentState.Failed, attempt.ProviderPaymentId, 0, 0, 0, "no_such_payment", "The provider has no such payment.");
                return await ResolveAsync(attempt, current, ct);
            default:
                return new PlaceOrderOutcome.Refused(Common.Problems.Conflict("checkout_in_progress",
                    "This checkout is still being processed. Ask again in a moment (GET /store/checkouts/{checkoutId})."));
        }
    }

    /// <summary>
    /// What a provider event about the attempt's payment changes, inside the webhook's transaction: a waiting attempt is
    /// completed or ended; a success that arrives after the attempt ended (its hold released) is voided or refunded.
    /// </summary>
    public async Task FollowAsync(CheckoutAttempt attempt, PaymentResult current, CancellationToken ct)
    {
        if (attempt.Status == AttemptStatus.AwaitingAction)
        {
            await ResolveAsync(attempt, current, ct);
            return;
        }
        if (attempt.Status != AttemptStatus.Failed || !current.Succeeded) return;
        logger.LogWarning("Payment {PaymentId} of checkout attempt {AttemptId} succeeded after the checkout ended ({Reason}); undoing it",
            current.PaymentId, attempt.Id, attempt.FailureCode);
        if (!await CheckoutRecovery.UndoPaymentAsync(payments, attempt, current, logger, ct, again: true))
            throw new PaymentProviderUnavailableException($"The late payment of checkout attempt {attempt.Id} could not be undone yet.");
    }

    private async Task<PlaceOrderOutcome> ResolveAsync(CheckoutAttempt attempt, PaymentResult current, CancellationToken ct)
    {
        var sale = CheckoutSale.Open(seal, attempt)
            ?? throw new InvalidOperationException($"The sale of checkout attempt {attempt.Id} cannot be opened (was Auth:SigningKey changed?).");
        switch (current.State)
        {
            case PaymentState.RequiresAction:
                return new PlaceOrderOutcome.AwaitingAction(new CheckoutActionDto("requires_action", attempt.Id, current.ClientSecret,
                    new NextActionDto(current.NextActionType ?? "use_stripe_sdk"), attempt.ExpiresAt!.Value, sale.GuestToken), $"/store/checkouts/{attempt.Id}");
            case PaymentState.Authorized or PaymentState.Captured:
                var started = Stopwatch.GetTimestamp();
                var payment = current;
                if (current.State == PaymentState.Authorized && paymentOptions.Value.CaptureAutomatically)
                {
                    // The key every completer uses: the provider captures once and answers each of them alike.
                    payment = await payments.CaptureAsync(current.PaymentId!, current.Authorized, attempt.ProviderKey + "-capture", ct);
                    if (!payment.Succeeded) return await EndAsync(attempt, current, "payment_failed", CheckoutProblems.PaymentFailed(payment));
                }
                var claim = attempt.IdempotencyKey is { } key ? new IdempotencyClaim(attempt.IdempotencyScope!, key, seal) : null;
                var recorded = await placeOrder.RecordAsync(attempt, sale, claim, payment, ct);
                if (recorded is PlaceOrderOutcome.Placed placed)
                    metrics.CheckoutFinished(sale.Channel, "placed", sale.Currency, placed.Order.Total.Amount, started);
                return recorded;
            case PaymentState.Declined:
                return await EndAsync(attempt, current, "payment_declined", CheckoutProblems.PaymentDeclined(current));
            case PaymentState.Voided:
                return await EndAsync(attempt, current, "expired", CheckoutProblems.Expired());
            default:
                return await EndAsync(attempt, current, "payment_failed", CheckoutProblems.PaymentFailed(current));
        }
    }

    /// <summary>The payment cancelled at the provider (so the customer cannot confirm it again), the hold released, the key's 202 replaced.</summary>
    private async Task<PlaceOrderOutcome> EndAsync(CheckoutAttempt attempt, PaymentResult current, string reason, ProblemHttpResult refusal)
    {
        if (!await placeOrder.AbandonAsync(attempt, current, reason, refusal))
            throw new PaymentProviderUnavailableException($"The payment of checkout attempt {attempt.Id} could not be cancelled yet.");
        logger.LogInformation("Checkout attempt {AttemptId} ended while waiting on the customer: {Reason}", attempt.Id, reason);
        return new PlaceOrderOutcome.Refused(refusal);
    }
}
