using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EngineRoom.Tests.Payments.FakeStripe;

public sealed partial class FakeStripe
{
    // Stripe's documented test payment methods that do not simply succeed.
    private static readonly Dictionary<string, (string Code, string DeclineCode, string Message)> Declines = new()
    {
        ["pm_card_visa_chargeDeclined"] = ("card_declined", "generic_decline", "Your card was declined."),
        ["pm_card_visa_chargeDeclinedInsufficientFunds"] = ("card_declined", "insufficient_funds", "Your card has insufficient funds."),
        ["pm_card_visa_chargeDeclinedLostCard"] = ("card_declined", "lost_card", "Your card was declined."),
        ["pm_card_visa_chargeDeclinedExpiredCard"] = ("expired_card", "expired_card", "Your card has expired."),
    };
    private static readonly HashSet<string> NeedsAuthentication = ["pm_card_threeDSecure2Required", "pm_card_authenticationRequired"];

    private (int, JsonObject) Dispatch(string route, string? id, Dictionary<string, string> p, List<FakeEvent> caused)
    {
        var expand = p.Where(x => x.Key.StartsWith("expand", StringComparison.Ordinal)).Select(x => x.Value).ToHashSet();
        if (id is not null && id.StartsWith("pi_", StringComparison.Ordinal) && !_intents.ContainsKey(id) || id?.StartsWith("dp_", StringComparison.Ordinal) == true && !_disputes.ContainsKey(id))
            return (404, Error("invalid_request_error", "resource_missing", $"No such object: '{id}'"));
        return route switch
        {
            "POST /v1/payment_intents" => Create(p, expand, caused),
            "POST /v1/payment_intents/*/confirm" => Confirm(_intents[id!], p.GetValueOrDefault("payment_method"), expand, caused),
            "POST /v1/payment_intents/*/capture" => Capture(_intents[id!], p.TryGetValue("amount_to_capture", out var a) ? long.Parse(a) : null, expand, caused),
            "POST /v1/payment_intents/*/cancel" => Cancel(_intents[id!], expand, caused),
            "GET /v1/payment_intents/*" => (200, Json(_intents[id!], expand.Contains("latest_charge"))),
            "GET /v1/payment_intents" => List(p, expand.Contains("data.latest_charge")),
            "GET /v1/payment_intents/search" => Search(p, expand.Contains("data.latest_charge")),
            "POST /v1/refunds" => Refund(p.GetValueOrDefault("payment_intent") ?? "", p.TryGetValue("amount", out var r) ? long.Parse(r) : null, expand, caused),
            "GET /v1/disputes/*" => (200, Json(_disputes[id!])),
            _ => (404, Error("invalid_request_error", null, $"Unrecognized request URL ({route}).")),
        };
    }

    private (int, JsonObject) Create(Dictionary<string, string> p, HashSet<string> expand, List<FakeEvent> caused)
    {
        if (!p.TryGetValue("amount", out var amount) || !p.TryGetValue("currency", out var currency))
            return (400, Error("invalid_request_error", "parameter_missing", "Missing required param: amount or currency."));
        var pi = new Intent
        {
            Id = NewId("pi"), Seq = _seq, Amount = long.Parse(amount), Currency = currency, CaptureMethod = p.GetValueOrDefault("capture_method") ?? "automatic",
            Created = Now, Status = "requires_confirmation",
            Metadata = p.Where(x => x.Key.StartsWith("metadata[", StringComparison.Ordinal)).ToDictionary(x => x.Key[9..^1], x => x.Value),
        };
        _intents[pi.Id] = pi;
        return p.GetValueOrDefault("confirm") == "true" ? Confirm(pi, p.GetValueOrDefault("payment_method"), expand, caused) : (200, Json(pi));
    }

    private (int, JsonObject) Confirm(Intent pi, string? paymentMethod, HashSet<string> expand, List<FakeEvent> caused)
    {
        pi.PaymentMethod = paymentMethod ?? pi.PaymentMethod;
        if (pi.PaymentMethod is not { } pm || !pm.StartsWith("pm_", StringComparison.Ordinal))
            return (400, Error("invalid_request_error", "resource_missing", $"No such PaymentMethod: '{pi.PaymentMethod}'"));
        if (Declines.TryGetValue(pm, out var decline))
        {
            (pi.Status, pi.LastError) = ("requires_payment_method", Error("card_error", decline.Code, decline.Message, decline.DeclineCode)["error"]!.AsObject());
            Emit(caused, "payment_intent.payment_failed", Json(pi));
            return (402, Error("card_error", decline.Code, decline.Message, decline.DeclineCode, Json(pi)));
        }
        if (NeedsAuthentication.Contains(pm) && pi.Status != "requires_action")
        {
            pi.Status = "requires_action";
            Emit(caused, "payment_intent.requires_action", Json(pi));
            return (200, Json(pi));
        }
        Authorize(pi, caused);
        return (200, Json(pi, expand.Contains("latest_charge")));
    }

    private void Authorize(Intent pi, List<FakeEvent> caused)
    {
        var charge = new Charge { Id = NewId("ch"), Intent = pi, Created = Now };
        _charges[charge.Id] = charge;
        pi.ChargeId = charge.Id;
        pi.LastError = null;
        if (pi.CaptureMethod == "manual")
        {
            (pi.Status, pi.Capturable) = ("requires_capture", pi.Amount);
            Emit(caused, "payment_intent.amount_capturable_updated", Json(pi));
            return;
        }
        (pi.Status, pi.Received, charge.Captured) = ("succeeded", pi.Amount, pi.Amount);
        Emit(caused, "payment_intent.succeeded", Json(pi));
    }

    private (int, JsonObject) Capture(Intent pi, long? amount, HashSet<string> expand, List<FakeEvent> caused)
    {
        if (pi.Status != "requires_capture") return Unexpected(pi, "captured");
        var take = amount ?? pi.Capturable;
        if (take <= 0 || take > pi.Capturable) return (400, Error("invalid_request_error", "amount_too_large", "The amount to capture is larger than what is capturable."));
        (pi.Status, pi.Received, pi.Capturable) = ("succeeded", take, 0);
        _charges[pi.ChargeId!].Captured = take;
        Emit(caused, "payment_intent.succeeded", Json(pi));
        Emit(caused, "charge.captured", Json(_charges[pi.ChargeId!]));
        return (200, Json(pi, expand.Contains("latest_charge")));
    }

    private (int, JsonObject) Cancel(Intent pi, HashSet<string> expand, List<FakeEvent> caused)
    {
        if (pi.Status is "succeeded" or "canceled") return Unexpected(pi, "canceled");
        (pi.Status, pi.Capturable, pi.CanceledAt) = ("canceled", 0, Now);
        Emit(caused, "payment_intent.canceled", Json(pi));
        return (200, Json(pi, expand.Contains("latest_charge")));
    }

    private (int, JsonObject) Refund(string paymentIntentId, long? amount, HashSet<string> expand, List<FakeEvent> caused)
    {
        if (!_intents.TryGetValue(paymentIntentId, out var pi) || pi.Status != "succeeded" || pi.ChargeId is null)
            return (400, Error("invalid_request_error", "charge_not_refundable", $"PaymentIntent '{paymentIntentId}' has no captured charge to refund."));
        var charge = _charges[pi.ChargeId];
        var left = charge.Captured - charge.Refunded;
        if (left == 0) return (400, Error("invalid_request_error", "charge_already_refunded", "Charge has already been refunded."));
        var take = amount ?? left;
        if (take <= 0 || take > left) return (400, Error("invalid_request_error", "amount_too_large", $"Refund amount ({take}) is greater than unrefunded amount ({left})."));
        charge.Refunded += take;
        Emit(caused, "charge.refunded", Json(charge));
        return (200, new JsonObject
        {
            ["id"] = NewId("re"), ["object"] = "refund", ["amount"] = take, ["currency"] = pi.Currency, ["created"] = Now, ["payment_intent"] = pi.Id,
            ["status"] = "succeeded", ["metadata"] = new JsonObject(), ["charge"] = expand.Contains("charge") ? Json(charge) : charge.Id,
        });
    }

    private (int, JsonObject) List(Dictionary<string, string> p, bool withCharges)
    {
        long? Bound(string name) => p.TryGetValue($"created[{name}]", out var v) ? long.Parse(v) : null;
        var (gte, gt, lte, lt) = (Bound("gte"), Bound("gt"), Bound("lte"), Bound("lt"));
        var all = _intents.Values.Where(pi => (gte is null || pi.Created >= gte) && (gt is null || pi.Created > gt) && (lte is null || pi.Created <= lte) && (lt is null || pi.Created < lt))
            .OrderByDescending(pi => pi.Created).ThenByDescending(pi => pi.Seq).ToList();
        if (p.TryGetValue("starting_after", out var after)) all = all.SkipWhile(pi => pi.Id != after).Skip(1).ToList();
        var limit = p.TryGetValue("limit", out var l) ? int.Parse(l) : 10;
        return (200, new JsonObject
        {
            ["object"] = "list", ["url"] = "/v1/payment_intents", ["has_more"] = all.Count > limit,
            ["data"] = new JsonArray(all.Take(limit).Select(pi => (JsonNode)Json(pi, withCharges)).ToArray()),
        });
    }

    private (int, JsonObject) Search(Dictionary<string, string> p, bool withCharges)
    {
        var query = Regex.Match(p.GetValueOrDefault("query") ?? "", @"^metadata\['(?<k>[^']+)'\]:'(?<v>(?:[^'\\]|\\.)*)'$");
        if (!query.Success) return (400, Error("invalid_request_error", "search_query_invalid", "The fake understands metadata['key']:'value' only."));
        var value = Regex.Replace(query.Groups["v"].Value, @"\\(.)", "$1");
        var found = SearchIsBehind ? [] : _intents.Values.Where(pi => pi.Metadata.GetValueOrDefault(query.Groups["k"].Value) == value).ToList();
        return (200, new JsonObject
        {
            ["object"] = "search_result", ["url"] = "/v1/payment_intents/search", ["has_more"] = false, ["next_page"] = null,
            ["data"] = new JsonArray(found.Select(pi => (JsonNode)Json(pi, withCharges)).ToArray()),
        });
    }

    private static (int, JsonObject) Unexpected(Intent pi, string verb) =>
        (400, Error("invalid_request_error", "payment_intent_unexpected_state", $"This PaymentIntent could not be {verb} because it has a status of {pi.Status}."));
}
