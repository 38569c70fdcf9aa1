using EngineRoom.Common;
using EngineRoom.Customers.Tokens;
using GraphQL;

namespace EngineRoom.GraphQL;

/// <summary>
/// The REST abuse limits (decision 0007) on the mutations that mirror a limited route: the limit is read from the REST
/// endpoint's own <see cref="AbuseLimit"/> metadata (by its name), and counted in the same windows (<see cref="AbuseCounters"/>),
/// so a client's Buy Now attempts through REST and GraphQL together get the limit once. A refused mutation answers
/// TOO_MANY_ATTEMPTS, REST's code, with <c>retryAfter</c> seconds, before its handler runs: no database is touched.
/// </summary>
internal sealed class MutationLimits(EndpointDataSource endpoints, AbuseCounters counters)
{
    private readonly Lazy<Dictionary<string, AbuseLimit>> _limits = new(() => endpoints.Endpoints
        .Select(e => (Name: e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName, Limit: e.Metadata.GetMetadata<AbuseLimit>()))
        .Where(e => e.Name is not null && e.Limit is not null)
        .ToDictionary(e => e.Name!, e => e.Limit!));

    /// <summary>A 429 problem when the REST endpoint <paramref name="restEndpoint"/>'s limit refuses this attempt; otherwise null.</summary>
    public ProblemHttpResult? Refusal(IResolveFieldContext c, string restEndpoint, string? resource = null)
    {
        if (!_limits.Value.TryGetValue(restEndpoint, out var limit)) return null;
        if (counters.TryTake(new AbuseAttempt(limit, AbuseLimits.ClientOf(c.Http()), resource)) is not { } wait) return null;
        return AuthSetup.TooManyAttempts(c.Http().Response, wait); // REST's answer: Retry-After on the response, retryAfter in the error
    }
}

internal static class MutationLimitsExtensions
{
    /// <summary>The REST endpoint's abuse limit for this mutation: a 429 problem when it refuses, otherwise null.</summary>
    public static ProblemHttpResult? Limited(this IResolveFieldContext c, string restEndpoint, string? resource = null) =>
        c.Service<MutationLimits>().Refusal(c, restEndpoint, resource);
}
