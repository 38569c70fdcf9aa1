using System.Threading.RateLimiting;
using EngineRoom.Common;
using Microsoft.AspNetCore.RateLimiting;

namespace EngineRoom.Checkout;

/// <summary>
/// At most <c>Checkout:MaxConcurrent</c> checkouts (Buy Now and cart checkout) run at once per instance; the rest wait
/// in line, oldest first, before anything is read or held for them. On 2 cores with 1,000 buyers at once, letting all
/// of them in made each wait for CPU behind the others and hold a database context meanwhile: Buy Now 52-67 orders/s,
/// the flash sale 4.3-5.4 s and 291-330 MB resident; with 16 at a time 77 orders/s, 3.0 s and 232-252 MB. A line
/// longer than <c>Checkout:MaxQueued</c> is answered 503 <c>checkout_busy</c> with Retry-After, having changed nothing.
/// </summary>
internal sealed class CheckoutAdmission(int maxConcurrent, int maxQueued) : IRateLimiterPolicy<string>
{
    public const string Policy = "checkout";

    public static CheckoutAdmission From(IConfiguration config) =>
        new(config.GetValue("Checkout:MaxConcurrent", 8 * Environment.ProcessorCount), config.GetValue("Checkout:MaxQueued", 10_000));

    public RateLimitPartition<string> GetPartition(HttpContext http) =>
        RateLimitPartition.GetConcurrencyLimiter(Policy, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = maxConcurrent, QueueLimit = maxQueued, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (context, _) =>
    {
        context.HttpContext.Response.Headers.RetryAfter = "1";
        await Problems.Create(StatusCodes.Status503ServiceUnavailable, "checkout_busy",
            "Too many checkouts are waiting on this server. Nothing was charged or held; try again in a second.").ExecuteAsync(context.HttpContext);
    };
}
