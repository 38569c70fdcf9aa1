using Stripe;

namespace EngineRoom.Payments.Stripe;

/// <summary>Stripe's objects and errors in EngineRoom's words: a <see cref="PaymentResult"/>, or an unknown outcome.</summary>
internal static class StripeFigures
{
    /// <summary>A PaymentIntent, read with its latest charge expanded (the refunded amount lives on the charge).</summary>
    public static PaymentResult From(PaymentIntent pi)
    {
        var captured = pi.AmountReceived;
        var refunded = Math.Min(captured, pi.LatestCharge?.AmountRefunded ?? 0);
        return pi.Status switch
        {
            "requires_capture" => new(PaymentState.Authorized, pi.Id, pi.Amount, 0, 0),
            // A capture at Stripe is final: what it did not take is released, so what stays authorized is what it took.
            "succeeded" => new(Settled(captured, refunded), pi.Id, captured, captured, refunded),
            "canceled" => new(PaymentState.Voided, pi.Id, pi.Amount, 0, 0),
            "requires_payment_method" => new(PaymentState.Declined, pi.Id, 0, 0, 0,
                pi.LastPaymentError?.DeclineCode ?? pi.LastPaymentError?.Code ?? "payment_method_required",
                pi.LastPaymentError?.Message ?? "The payment needs another payment method."),
            // requires_action, requires_confirmation, processing: nothing authorized yet; the customer (or Stripe) is on it.
            _ => new(PaymentState.RequiresAction, pi.Id, 0, 0, 0, Message: "The payment needs the customer to complete it (3-D Secure or similar).",
                ClientSecret: pi.ClientSecret, NextActionType: pi.NextAction?.Type ?? pi.Status),
        };
    }

    /// <summary>A charge after a refund (the refund's charge, expanded).</summary>
    public static PaymentResult From(Charge charge) =>
        new(Settled(charge.AmountCaptured, charge.AmountRefunded), charge.PaymentIntentId, charge.AmountCaptured, charge.AmountCaptured,
            Math.Min(charge.AmountCaptured, charge.AmountRefunded));

    public static ProviderPaymentRecord Record(PaymentIntent pi)
    {
        var figures = From(pi);
        return new ProviderPaymentRecord(pi.Id, pi.Metadata?.GetValueOrDefault(StripePaymentProvider.KeyMetadata) ?? "", pi.Currency.ToUpperInvariant(),
            figures.Authorized, figures.Captured, figures.Refunded, pi.Status, new DateTimeOffset(DateTime.SpecifyKind(pi.Created, DateTimeKind.Utc)));
    }

    public static ProviderDispute From(Dispute d) =>
        new(d.Id, d.PaymentIntentId ?? d.Charge?.PaymentIntentId ?? "", d.Amount, d.Currency.ToUpperInvariant(), d.Status, d.Reason);

    private static PaymentState Settled(long captured, long refunded) =>
        refunded <= 0 ? PaymentState.Captured : refunded >= captured ? PaymentState.Refunded : PaymentState.PartiallyRefunded;

    /// <summary>
    /// What Stripe's refusal means. A card error is a decline with Stripe's decline code; a 5xx, a 409 (the same key still
    /// running) or no answer at all leave the outcome unknown; anything else (a 400, 404, 429) is a failure that moved no money.
    /// </summary>
    public static PaymentResult Refusal(StripeException e, string? paymentId)
    {
        var error = e.StripeError;
        if (error?.Type == "card_error")
            return new(PaymentState.Declined, error.PaymentIntent?.Id ?? paymentId, 0, 0, 0, error.DeclineCode ?? error.Code ?? "card_declined",
                error.Message ?? "The card was declined.");
        var status = (int)e.HttpStatusCode;
        if (status == 0 || status >= 500 || status == 409)
            throw new PaymentProviderUnavailableException($"Stripe answered {(status == 0 ? "nothing" : status.ToString())}; the outcome is unknown.", e);
        return new(PaymentState.Failed, paymentId, 0, 0, 0, error?.Code ?? error?.Type ?? $"http_{status}", error?.Message ?? "Stripe refused the request.");
    }
}
