using Microsoft.Extensions.Options;
using Stripe;

namespace EngineRoom.Payments.Stripe;

internal static class StripeSetup
{
    /// <summary>
    /// Stripe.net's client with a short time limit and few (by default no) retries of its own: an unanswered call is then
    /// soon an unknown outcome that the checkout resolves by key, rather than a request held for Stripe.net's 80 s.
    /// </summary>
    public static StripeClient CreateClient(IServiceProvider services)
    {
        var o = services.GetRequiredService<IOptions<StripeOptions>>().Value;
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(o.TimeoutSeconds),
        };
        return new StripeClient(o.SecretKey, httpClient: new SystemNetHttpClient(http, o.MaxNetworkRetries, enableTelemetry: false),
            apiBase: string.IsNullOrWhiteSpace(o.ApiBase) ? null : o.ApiBase.TrimEnd('/'));
    }
}
