using System.Threading.RateLimiting;

namespace EngineRoom.Checkout;

/// <summary>
/// At most <c>Checkout:MaxConcurrent</c> checkouts (Buy Now and cart checkout) price and hold at once per instance; the
/// rest wait in line, oldest first, before anything is read or held for them. A place is held from the stock check to
/// the hold's commit only, never while the payment provider answers: with 150 ms of provider latency, holding it through
/// the payment capped Buy Now at 16 places / 0.3 s = about 50 orders/s (45 measured), whatever the CPU could do. On 2
/// cores with 1,000 buyers at once, letting all of them in made each wait for CPU behind the others and hold a database
/// context meanwhile (Buy Now 52-67 orders/s, the flash sale 4.3-5.4 s, 291-330 MB resident); with 16 at a time 77
/// orders/s, 3.0 s and 232-252 MB. A line longer than <c>Checkout:MaxQueued</c> is answered 503 <c>checkout_busy</c>
/// with Retry-After, having changed nothing.
/// </summary>
internal sealed class CheckoutAdmission(int maxConcurrent, int maxQueued)
{
    private readonly ConcurrencyLimiter _line = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = maxConcurrent, QueueLimit = maxQueued, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    public static CheckoutAdmission From(IConfiguration config) =>
        new(config.GetValue("Checkout:MaxConcurrent", 8 * Environment.ProcessorCount), config.GetValue("Checkout:MaxQueued", 10_000));

    /// <summary>Waits for a place; the lease is not acquired when the line is full (dispose it either way).</summary>
    public ValueTask<RateLimitLease> EnterAsync(CancellationToken ct) => _line.AcquireAsync(1, ct);
}
