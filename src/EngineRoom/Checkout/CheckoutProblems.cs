using EngineRoom.Common;
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
}
