using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace EngineRoom.Tests.Payments.FakeStripe;

/// <summary>What happens at Stripe without EngineRoom asking (the dashboard, the customer, a card network), and the webhooks that tell of it.</summary>
public sealed partial class FakeStripe
{
    /// <summary>Staff capture in Stripe's dashboard.</summary>
    public IReadOnlyList<FakeEvent> CaptureInDashboard(string paymentIntentId, long? amount = null) =>
        Act(caused => Capture(_intents[paymentIntentId], amount, [], caused));

    /// <summary>Staff refund in Stripe's dashboard.</summary>
    public IReadOnlyList<FakeEvent> RefundInDashboard(string paymentIntentId, long? amount = null) => Act(caused => Refund(paymentIntentId, amount, [], caused));

    /// <summary>Staff cancel in the dashboard, or Stripe cancels an authorization that was never captured (after 7 days).</summary>
    public IReadOnlyList<FakeEvent> CancelInDashboard(string paymentIntentId) => Act(caused => Cancel(_intents[paymentIntentId], [], caused));

    /// <summary>The customer completes (or fails) 3-D Secure in the storefront.</summary>
    public IReadOnlyList<FakeEvent> CompleteAction(string paymentIntentId, bool succeed) => Act(caused =>
    {
        var pi = _intents[paymentIntentId];
        if (succeed) Authorize(pi, caused);
        else
        {
            (pi.Status, pi.LastError) = ("requires_payment_method", Error("card_error", "payment_intent_authentication_failure",
                "The customer did not complete authentication.")["error"]!.AsObject());
            Emit(caused, "payment_intent.payment_failed", Json(pi));
        }
        return (200, Json(pi));
    });

    /// <summary>The card holder disputes the charge: Stripe withdraws the amount and opens a dispute.</summary>
    public (string DisputeId, IReadOnlyList<FakeEvent> Events) OpenDispute(string paymentIntentId, long? amount = null, string reason = "fraudulent")
    {
        string? id = null;
        var events = Act(caused =>
        {
            var charge = _charges[_intents[paymentIntentId].ChargeId!];
            var dispute = new Dispute { Id = NewId("dp"), Charge = charge, Amount = amount ?? charge.Captured - charge.Refunded, Reason = reason, Created = Now };
            (_disputes[dispute.Id], charge.Disputed, id) = (dispute, true, dispute.Id);
            Emit(caused, "charge.dispute.created", Json(dispute));
            Emit(caused, "charge.dispute.funds_withdrawn", Json(dispute));
            return (200, Json(dispute));
        });
        return (id!, events);
    }

    /// <summary>The card network decides: won (the funds come back) or lost.</summary>
    public IReadOnlyList<FakeEvent> CloseDispute(string disputeId, bool won) => Act(caused =>
    {
        var dispute = _disputes[disputeId];
        dispute.Status = won ? "won" : "lost";
        Emit(caused, "charge.dispute.closed", Json(dispute));
        if (won) Emit(caused, "charge.dispute.funds_reinstated", Json(dispute));
        return (200, Json(dispute));
    });

    private List<FakeEvent> Act(Func<List<FakeEvent>, (int Status, JsonObject Body)> action)
    {
        List<FakeEvent> caused = [];
        lock (_gate)
        {
            var (status, body) = action(caused);
            if (status != 200) throw new InvalidOperationException($"The fake refused: {body.ToJsonString()}");
        }
        return caused;
    }

    /// <summary>Each delivery's event and the status the app answered, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(string EventId, int Status)> Deliveries { get; } = new();

    /// <summary>The event as Stripe posts it.</summary>
    public static string Payload(FakeEvent e) => new JsonObject
    {
        ["id"] = e.Id, ["object"] = "event", ["api_version"] = global::Stripe.StripeConfiguration.ApiVersion, ["created"] = e.Created,
        ["data"] = new JsonObject { ["object"] = e.Object.DeepClone() }, ["livemode"] = false, ["pending_webhooks"] = 1,
        ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null }, ["type"] = e.Type,
    }.ToJsonString();

    /// <summary>Stripe's scheme: <c>t=timestamp,v1=hex(HMAC-SHA256(secret, "timestamp.payload"))</c>, the whole secret (whsec_...) as the key.</summary>
    public static string Signature(string secret, long timestamp, string payload) =>
        $"t={timestamp},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}")))}";

    /// <summary>
    /// Posts the event to the app's <c>/webhooks/stripe</c>, signed now with the webhook secret; <paramref name="secret"/>,
    /// <paramref name="signedAt"/> or <paramref name="payload"/> make a delivery Stripe would not have made.
    /// </summary>
    public async Task<HttpResponseMessage> DeliverAsync(FakeEvent e, HttpClient? to = null, string? secret = null, DateTimeOffset? signedAt = null, string? payload = null)
    {
        var body = Payload(e);
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe")
        {
            Content = new StringContent(payload ?? body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature",
            Signature(secret ?? WebhookSecret, (signedAt ?? _clock.GetUtcNow()).ToUnixTimeSeconds(), body));
        var client = to ?? Receiver?.Invoke() ?? throw new InvalidOperationException("The fake has no receiver for its webhooks.");
        var response = await client.SendAsync(request);
        Deliveries.Enqueue((e.Id, (int)response.StatusCode));
        return response;
    }
}
