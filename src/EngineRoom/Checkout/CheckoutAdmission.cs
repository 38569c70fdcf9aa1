using System.Threading.RateLimiting;

namespace EngineRoom.Checkout;

/// <summary>
/// At most <c>Checkout:MaxConcurrent</c> checkouts (Buy Now and cart checkout) run at once per instance; the rest wait
/// in line, oldest first, before anything is read, claimed or held for them (an endpoint filter, outside the
/// Idempotency-Key's). A checkout leaves the line when its hold commits (<see cref="CheckoutPlace.Leave"/>), so none
/// holds a place while the payment provider answers: with 150 ms of provider latency, holding it through the payment
/// capped Buy Now at 16 places / 0.3 s, about 50 orders/s (45 measured), whatever the CPU could do. On 2 cores with
/// 1,000 buyers at once, letting all of them in made each wait for CPU behind the others and hold a database context
/// meanwhile (Buy Now 52-67 orders/s, the flash sale 4.3-5.4 s, 291-330 MB resident); with 16 at a time 77 orders/s,
/// 3.0 s and 232-252 MB. A line longer than <c>Checkout:MaxQueued</c> is answered 503 <c>checkout_busy</c> with
/// Retry-After, having changed nothing.
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

/// <summary>This request's place in the checkout line: taken by <see cref="CheckoutAdmissionFilter.WithCheckoutAdmission"/>, left after the hold.</summary>
internal sealed class CheckoutPlace(CheckoutAdmission admission) : IDisposable
{
    private RateLimitLease? _lease;

    public async ValueTask<bool> EnterAsync(CancellationToken ct)
    {
        _lease = await admission.EnterAsync(ct);
        return _lease.IsAcquired;
    }

    /// <summary>Gives the place to the next in line; safe to call more than once.</summary>
    public void Leave()
    {
        _lease?.Dispose();
        _lease = null;
    }

    public void Dispose() => Leave();
}

internal static class CheckoutAdmissionFilter
{
    /// <summary>The outermost filter of a checkout endpoint: wait for a place, or 503 <c>checkout_busy</c> having done nothing.</summary>
    public static RouteHandlerBuilder WithCheckoutAdmission(this RouteHandlerBuilder route) =>
        route.AddEndpointFilter((context, next) => AdmitAsync(context.HttpContext, () => next(context).AsTask()));

    /// <summary>The same line, for a caller that is not an endpoint filter (GraphQL's checkout mutations).</summary>
    public static async ValueTask<object?> AdmitAsync(HttpContext http, Func<Task<object?>> next)
    {
        var place = http.RequestServices.GetRequiredService<CheckoutPlace>();
        if (!await place.EnterAsync(http.RequestAborted))
        {
            http.Response.Headers.RetryAfter = "1";
            return CheckoutProblems.Busy();
        }
        try { return await next(); }
        finally { place.Leave(); }
    }
}
