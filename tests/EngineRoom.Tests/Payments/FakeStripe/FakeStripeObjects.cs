using System.Text.Json.Nodes;

namespace EngineRoom.Tests.Payments.FakeStripe;

/// <summary>An event as Stripe records it: a snapshot of its object at the moment it happened.</summary>
public sealed record FakeEvent(string Id, string Type, long Created, JsonObject Object)
{
    public string PaymentIntentId => Object["object"]!.GetValue<string>() == "payment_intent" ? Object["id"]!.GetValue<string>() : Object["payment_intent"]!.GetValue<string>();
}

public sealed partial class FakeStripe
{
    private sealed class Intent
    {
        public required string Id { get; init; }
        public long Seq { get; init; }
        public long Amount { get; init; }
        public string Currency { get; init; } = "usd";
        public string Status { get; set; } = "requires_payment_method";
        public string CaptureMethod { get; init; } = "automatic";
        public long Capturable { get; set; }
        public long Received { get; set; }
        public string? PaymentMethod { get; set; }
        public Dictionary<string, string> Metadata { get; init; } = [];
        public long Created { get; init; }
        public JsonObject? LastError { get; set; }
        public string? ChargeId { get; set; }
        public long? CanceledAt { get; set; }
        public string ClientSecret => $"{Id}_secret_{Seq:D8}";
    }

    private sealed class Charge
    {
        public required string Id { get; init; }
        public required Intent Intent { get; init; }
        public long Captured { get; set; }
        public long Refunded { get; set; }
        public bool Disputed { get; set; }
        public long Created { get; init; }
        // A card network's transaction id: 15-16 digits, which pass the Luhn check about one time in ten (this one always does).
        public string NetworkTransactionId { get; } = LuhnValid();
    }

    private sealed class Dispute
    {
        public required string Id { get; init; }
        public required Charge Charge { get; init; }
        public long Amount { get; init; }
        public string Reason { get; init; } = "fraudulent";
        public string Status { get; set; } = "needs_response";
        public long Created { get; init; }
    }

    private readonly Dictionary<string, Intent> _intents = [];
    private readonly Dictionary<string, Charge> _charges = [];
    private readonly Dictionary<string, Dispute> _disputes = [];
    private readonly List<FakeEvent> _events = [];
    private long _seq;

    private long Now => _clock.GetUtcNow().ToUnixTimeSeconds();
    private string NewId(string prefix) => $"{prefix}_{Interlocked.Increment(ref _seq):D6}{Guid.NewGuid():N}"[..(prefix.Length + 1 + 24)];

    /// <summary>Every event so far, oldest first; <see cref="EventsFor"/> those of one PaymentIntent.</summary>
    public IReadOnlyList<FakeEvent> Events { get { lock (_gate) return _events.ToList(); } }
    public IReadOnlyList<FakeEvent> EventsFor(string paymentIntentId) => Events.Where(e => e.PaymentIntentId == paymentIntentId).ToList();
    public int PaymentIntentCount { get { lock (_gate) return _intents.Count; } }
    public string Status(string paymentIntentId) { lock (_gate) return _intents[paymentIntentId].Status; }
    public (long Captured, long Refunded) Figures(string paymentIntentId)
    {
        lock (_gate)
        {
            var pi = _intents[paymentIntentId];
            return (pi.Received, pi.ChargeId is { } c ? _charges[c].Refunded : 0);
        }
    }
    public string? KeyOf(string paymentIntentId) { lock (_gate) return _intents[paymentIntentId].Metadata.GetValueOrDefault("engineroom_key"); }
    /// <summary>The PaymentIntent created last.</summary>
    public string? Latest { get { lock (_gate) return _intents.Values.MaxBy(p => p.Seq)?.Id; } }

    private FakeEvent Emit(List<FakeEvent> caused, string type, JsonObject snapshot)
    {
        var e = new FakeEvent(NewId("evt"), type, Now, snapshot);
        _events.Add(e);
        caused.Add(e);
        return e;
    }

    private JsonObject Json(Intent pi, bool withCharge = false) => new()
    {
        ["id"] = pi.Id, ["object"] = "payment_intent", ["amount"] = pi.Amount, ["amount_capturable"] = pi.Capturable, ["amount_received"] = pi.Received,
        ["capture_method"] = pi.CaptureMethod, ["client_secret"] = pi.ClientSecret, ["confirmation_method"] = "automatic", ["created"] = pi.Created,
        ["currency"] = pi.Currency, ["livemode"] = false, ["metadata"] = new JsonObject(pi.Metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))),
        ["payment_method"] = pi.PaymentMethod, ["payment_method_types"] = new JsonArray("card"), ["status"] = pi.Status,
        ["latest_charge"] = pi.ChargeId is null ? null : withCharge ? Json(_charges[pi.ChargeId]) : pi.ChargeId,
        ["last_payment_error"] = pi.LastError?.DeepClone(), ["canceled_at"] = pi.CanceledAt,
        ["next_action"] = pi.Status == "requires_action" ? new JsonObject { ["type"] = "use_stripe_sdk", ["use_stripe_sdk"] = new JsonObject { ["type"] = "three_d_secure_redirect" } } : null,
    };

    private static JsonObject Json(Charge c) => new()
    {
        ["id"] = c.Id, ["object"] = "charge", ["amount"] = c.Intent.Amount, ["amount_captured"] = c.Captured, ["amount_refunded"] = c.Refunded,
        ["captured"] = c.Captured > 0, ["currency"] = c.Intent.Currency, ["created"] = c.Created, ["disputed"] = c.Disputed, ["livemode"] = false,
        ["paid"] = true, ["payment_intent"] = c.Intent.Id, ["refunded"] = c.Captured > 0 && c.Refunded >= c.Captured, ["status"] = "succeeded",
        ["metadata"] = new JsonObject(),
        ["payment_method_details"] = new JsonObject
        {
            ["type"] = "card",
            ["card"] = new JsonObject { ["brand"] = "visa", ["last4"] = "4242", ["cvc_check"] = "pass", ["network_transaction_id"] = c.NetworkTransactionId },
        },
    };

    private static JsonObject Json(Dispute d) => new()
    {
        ["id"] = d.Id, ["object"] = "dispute", ["amount"] = d.Amount, ["charge"] = d.Charge.Id, ["currency"] = d.Charge.Intent.Currency,
        ["created"] = d.Created, ["payment_intent"] = d.Charge.Intent.Id, ["reason"] = d.Reason, ["status"] = d.Status,
        ["is_charge_refundable"] = false, ["livemode"] = false, ["metadata"] = new JsonObject(),
    };

    private static string LuhnValid()
    {
        var digits = Enumerable.Range(0, 15).Select(_ => Random.Shared.Next(10)).ToList();
        digits[0] = 1 + digits[0] % 9;
        var sum = digits.Select((d, i) => (digits.Count - i) % 2 == 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d).Sum();
        digits.Add((10 - sum % 10) % 10);
        return string.Concat(digits);
    }
}
