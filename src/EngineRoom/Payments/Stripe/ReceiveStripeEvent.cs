using System.Text;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;

namespace EngineRoom.Payments.Stripe;

/// <summary>
/// Stripe's webhook: anonymous, but only a delivery signed with <c>Stripe:WebhookSecret</c> within the tolerance (5
/// minutes) over its exact bytes is read (Stripe.net's <see cref="EventUtility.ConstructEvent(string, string, string, long, long, bool)"/>);
/// anything else is 400 <c>signature_invalid</c> and changes nothing. The event only says which payment to look at: the
/// payment (and dispute) are read from Stripe again, so events arriving twice, concurrently, out of order or before the
/// call that caused them returned all lead to the same state. Each event id is handled once (<see cref="ProviderEvents"/>).
/// </summary>
internal static class ReceiveStripeEvent
{
    public sealed record Response(string EventId, string Outcome);

    // The events EngineRoom listens to (docs/payments-stripe.md lists them for the dashboard).
    public static readonly IReadOnlySet<string> Handled = new HashSet<string>(StringComparer.Ordinal)
    {
        "payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.canceled", "payment_intent.amount_capturable_updated",
        "payment_intent.requires_action", "payment_intent.processing", "charge.captured", "charge.refunded", "charge.refund.updated",
        "charge.dispute.created", "charge.dispute.updated", "charge.dispute.closed", "charge.dispute.funds_withdrawn", "charge.dispute.funds_reinstated",
    };

    public static RouteHandlerBuilder MapReceiveStripeEvent(this IEndpointRouteBuilder app) =>
        app.MapPost("/webhooks/stripe", Handle).WithName(nameof(ReceiveStripeEvent)).WithTags("Payments")
            .WithSummary("Receive a Stripe webhook event")
            .WithDescription("Stripe calls this with a signed event (Stripe-Signature); payments and orders follow the change. Not " +
                "for storefronts.")
            .AllowAnonymous().WithMetadata(new InputGuard.SignedProviderBody());

    private static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(HttpRequest request, EngineRoomDb db, IPaymentProvider provider,
        [FromServices] IEnumerable<IPaymentEventHandler> handlers, IOptions<StripeOptions> options, TimeProvider clock, ILoggerFactory loggers,
        CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(ReceiveStripeEvent));
        string json;
        using (var reader = new StreamReader(request.Body, new UTF8Encoding(false, throwOnInvalidBytes: false))) json = await reader.ReadToEndAsync(ct);
        var o = options.Value;
        Event stripeEvent;
        try
        {
            if (string.IsNullOrEmpty(o.WebhookSecret)) throw new StripeException("This server has no Stripe webhook secret.");
            stripeEvent = EventUtility.ConstructEvent(json, request.Headers["Stripe-Signature"].ToString(), o.WebhookSecret, o.WebhookToleranceSeconds,
                clock.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (Exception e) when (e is StripeException or Newtonsoft.Json.JsonException or ArgumentException)
        {
            logger.LogWarning("Refused a Stripe webhook delivery: {Reason}", e.Message);
            return Problems.Create(StatusCodes.Status400BadRequest, "signature_invalid",
                "The Stripe-Signature header does not verify this body with the webhook secret within the tolerance.");
        }

        if (provider is not StripePaymentProvider stripe || !Handled.Contains(stripeEvent.Type)) return Answer(stripeEvent, "ignored");
        if (await db.ProviderEvents.AnyAsync(e => e.Provider == stripe.Name && e.EventId == stripeEvent.Id, ct)) return Answer(stripeEvent, "duplicate");
        try
        {
            var (paymentId, disputeId) = Subject(stripeEvent);
            var dispute = disputeId is null ? null : await stripe.GetDisputeAsync(disputeId, ct);
            paymentId = dispute?.PaymentId is { Length: > 0 } disputed ? disputed : paymentId;
            var read = paymentId is null ? null : await stripe.ReadAsync(paymentId, ct);
            if (read is not var (current, key)) return Answer(stripeEvent, "ignored"); // no payment named, or none Stripe knows

            var notice = new PaymentNotice(stripe.Name, stripeEvent.Id, stripeEvent.Type, paymentId!, key, current, dispute);
            var outcome = await ProviderEvents.ApplyAsync(db, notice, handlers, clock, ct);
            logger.LogInformation("Stripe event {EventId} ({Type}) for {PaymentId}: {Outcome}", stripeEvent.Id, stripeEvent.Type, paymentId, outcome);
            return Answer(stripeEvent, System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(outcome.ToString()));
        }
        catch (PaymentProviderUnavailableException e)
        {
            logger.LogWarning(e, "Stripe could not be read for event {EventId}; Stripe will deliver it again", stripeEvent.Id);
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "payment_provider_unavailable", "Stripe could not be read back; deliver again later.");
        }
        catch (Exception e) when (e is PaymentEventDeferredException or DbUpdateConcurrencyException)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "order_busy", "The payment's order is busy; deliver again later (nothing was recorded).");
        }
    }

    /// <summary>The payment (and dispute) an event is about; the rest of its payload is not trusted to be current.</summary>
    private static (string? PaymentId, string? DisputeId) Subject(Event e) => e.Data.Object switch
    {
        PaymentIntent pi => (pi.Id, null),
        Charge charge => (charge.PaymentIntentId, null),
        global::Stripe.Refund refund => (refund.PaymentIntentId, null),
        Dispute dispute => (dispute.PaymentIntentId, dispute.Id),
        _ => (null, null),
    };

    private static Ok<Response> Answer(Event e, string outcome) => TypedResults.Ok(new Response(e.Id, outcome));
}
