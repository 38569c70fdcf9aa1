using EngineRoom.Common;
using EngineRoom.Common.Idempotency;
using EngineRoom.Payments;
using EngineRoom.Pricing;

namespace EngineRoom.Checkout;

/// <summary>The typed answers a checkout can fail with. Each leaves nothing behind.</summary>
internal static class CheckoutProblems
{
    public static ProblemHttpResult DiscountInvalid(string code, string reason) =>
        Problems.Create(StatusCodes.Status422UnprocessableEntity, "discount_invalid", $"Discount '{code}' cannot be used: {reason.Replace('_', ' ')}.",
            new Dictionary<string, object?> { ["discountCode"] = code, ["reason"] = reason });

    public static ProblemHttpResult Unpriceable(PricingException e) =>
        Problems.Create(StatusCodes.Status422UnprocessableEntity, e.Code, e.Message, new Dictionary<string, object?> { ["subjects"] = e.Subjects });

    public static ProblemHttpResult PaymentDeclined(PaymentResult payment) =>
        Problems.Create(StatusCodes.Status402PaymentRequired, "payment_declined", payment.Message ?? "The payment was declined.",
            new Dictionary<string, object?> { ["declineCode"] = payment.DeclineCode });

    public static ProblemHttpResult PaymentFailed(PaymentResult payment) =>
        Problems.Create(StatusCodes.Status502BadGateway, "payment_provider_error", payment.Message ?? "The payment provider failed. Nothing was charged; try again.",
            new Dictionary<string, object?> { ["providerCode"] = payment.DeclineCode });

    public static ProblemHttpResult PaymentTimeout() =>
        Problems.Create(StatusCodes.Status504GatewayTimeout, "payment_provider_timeout",
            "The payment provider did not answer in time. Any authorization is being voided; nothing will be charged. Try again.");

    public static ProblemHttpResult Busy() => Problems.Create(StatusCodes.Status503ServiceUnavailable, "checkout_busy",
        "Too many checkouts are waiting on this server. Nothing was charged or held; try again in a second.");

    public static ProblemHttpResult Interrupted(string detail) => Problems.Create(StatusCodes.Status409Conflict, "checkout_interrupted", detail);

    /// <summary>Another request holds this checkout's Idempotency-Key: the idempotency filter answers from that one instead.</summary>
    public static ProblemHttpResult KeyTaken() => Idempotency.InProgress();

    public static ProblemHttpResult Expired() => Problems.Conflict("checkout_expired",
        "This checkout's payment did not complete while its items were held; nothing was charged and the items were released. Start a new checkout.");

    /// <summary>The refusal a checkout that waited on the customer ended with, as <c>POST .../complete</c> answers it later.</summary>
    public static ProblemHttpResult Ended(string? failureCode) => failureCode switch
    {
        "payment_declined" => Problems.Create(StatusCodes.Status402PaymentRequired, "payment_declined",
            "The payment was declined or its authentication failed; nothing was charged. Start a new checkout with another payment method."),
        "payment_failed" => Problems.Create(StatusCodes.Status502BadGateway, "payment_provider_error",
            "The payment provider could not complete the payment; nothing was charged. Start a new checkout."),
        _ => Expired(),
    };

    /// <summary>A refusal as the Idempotency-Key stores it (the problem document, sealed).</summary>
    public static ReplacedAnswer Stored(ProblemHttpResult problem, AnswerSeal seal, System.Text.Json.JsonSerializerOptions json) =>
        new(seal, problem.StatusCode, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(problem.ProblemDetails, json));
}

/// <summary>What a checkout's Idempotency-Key answers from now on, in place of its 202.</summary>
internal sealed record ReplacedAnswer(AnswerSeal Seal, int Status, byte[] Body);
