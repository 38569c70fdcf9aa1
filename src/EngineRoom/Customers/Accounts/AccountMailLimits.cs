using System.Threading.RateLimiting;
using EngineRoom.Common;
using EngineRoom.Customers.Tokens;
using Microsoft.Extensions.Options;

namespace EngineRoom.Customers.Accounts;

/// <summary>
/// How often one email address, and one client, may make EngineRoom send account mail (reset requests, verification
/// mails). Counted in memory per instance in fixed one-hour windows, like the other abuse limits (docs/decisions/0007),
/// and counted before the account is looked up, so the limit answers the same for an address with no account.
/// </summary>
internal sealed class AccountMailLimits(IOptions<CustomerOptions> options) : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly PartitionedRateLimiter<string> _limits = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, k.StartsWith("client|", StringComparison.Ordinal) ? options.Value.MailPerClientPerHour : options.Value.MailPerAddressPerHour),
            Window = Window,
        }));

    /// <returns>Null when the mail may go; otherwise the 429 to answer.</returns>
    public ProblemHttpResult? Refusal(HttpContext http, string email)
    {
        foreach (var key in new[] { $"client|{AbuseLimits.ClientOf(http)}", $"email|{Emails.Normalize(email)}" })
        {
            using var lease = _limits.AttemptAcquire(key);
            if (!lease.IsAcquired)
                return AuthSetup.TooManyAttempts(http.Response, lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window);
        }
        return null;
    }

    public void Dispose() => _limits.Dispose();
}
