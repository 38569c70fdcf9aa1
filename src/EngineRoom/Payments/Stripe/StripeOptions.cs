using Microsoft.Extensions.Options;

namespace EngineRoom.Payments.Stripe;

/// <summary>The <c>Stripe</c> configuration section. The two secrets have no default: with the Stripe provider the server refuses to start without them.</summary>
public sealed class StripeOptions
{
    /// <summary>The secret (<c>sk_...</c>) or restricted (<c>rk_...</c>) API key.</summary>
    public string? SecretKey { get; set; }
    /// <summary>The webhook endpoint's signing secret (<c>whsec_...</c>), from the dashboard or <c>stripe listen</c>.</summary>
    public string? WebhookSecret { get; set; }
    /// <summary>Stripe.net's API base; unset is Stripe's own. Set for a stand-in server (the tests' fake).</summary>
    public string? ApiBase { get; set; }
    /// <summary>One API call's time limit; past it the outcome is unknown and the checkout resolves it by key.</summary>
    public int TimeoutSeconds { get; set; } = 10;
    /// <summary>Stripe.net's own retries (same idempotency key) before an outcome counts as unknown.</summary>
    public int MaxNetworkRetries { get; set; }
    /// <summary>Payments per page when the list is walked (reconciliation, finding by key); Stripe allows 1-100.</summary>
    public int PageSize { get; set; } = 100;
    /// <summary>A webhook signed longer ago than this is refused (Stripe's default tolerance: 5 minutes).</summary>
    public int WebhookToleranceSeconds { get; set; } = 300;
    /// <summary>
    /// Finding a payment by its key also lists the payments created this recently (Stripe's search can lag by up to a
    /// minute), at most <see cref="FindMaxPages"/> pages.
    /// </summary>
    public int FindRecentSeconds { get; set; } = 180;
    public int FindMaxPages { get; set; } = 5;
}

internal sealed class StripeOptionsValidation : IValidateOptions<StripeOptions>
{
    public ValidateOptionsResult Validate(string? name, StripeOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.SecretKey))
            errors.Add("Stripe:SecretKey is not set: Payments:Provider=stripe needs the account's secret key (sk_live_... or sk_test_...).");
        else if (!o.SecretKey.StartsWith("sk_", StringComparison.Ordinal) && !o.SecretKey.StartsWith("rk_", StringComparison.Ordinal))
            errors.Add("Stripe:SecretKey must be a secret (sk_...) or restricted (rk_...) key, not a publishable one.");
        if (string.IsNullOrWhiteSpace(o.WebhookSecret))
            errors.Add("Stripe:WebhookSecret is not set: Payments:Provider=stripe needs the webhook endpoint's signing secret (whsec_...).");
        else if (!o.WebhookSecret.StartsWith("whsec_", StringComparison.Ordinal))
            errors.Add("Stripe:WebhookSecret must be a webhook signing secret (whsec_...).");
        if (o.ApiBase is { Length: > 0 } b && !Uri.TryCreate(b, UriKind.Absolute, out _)) errors.Add("Stripe:ApiBase must be an absolute URL.");
        if (o.TimeoutSeconds is < 1 or > 80) errors.Add("Stripe:TimeoutSeconds must be between 1 and 80.");
        if (o.MaxNetworkRetries is < 0 or > 2) errors.Add("Stripe:MaxNetworkRetries must be between 0 and 2.");
        if (o.PageSize is < 1 or > 100) errors.Add("Stripe:PageSize must be between 1 and 100.");
        if (o.WebhookToleranceSeconds is < 1 or > 3600) errors.Add("Stripe:WebhookToleranceSeconds must be between 1 and 3600.");
        if (o.FindRecentSeconds < 0 || o.FindMaxPages < 0) errors.Add("Stripe:FindRecentSeconds and Stripe:FindMaxPages cannot be negative.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
