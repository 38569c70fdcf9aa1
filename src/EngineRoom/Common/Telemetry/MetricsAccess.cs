using System.Net;
using EngineRoom.Customers;

namespace EngineRoom.Common.Telemetry;

/// <summary>
/// Who may read <c>/metrics</c>: staff and admins with their bearer token, or a caller from <c>Telemetry:MetricsNetworks</c>
/// (comma-separated CIDRs, e.g. the Prometheus server's; none by default), since a scraper has no account. Everyone else
/// gets 401 (403 for a signed-in customer): the figures are the shop's revenue and order rates.
/// </summary>
internal static class MetricsAccess
{
    public const string Policy = "metrics";

    public static IServiceCollection AddMetricsAccess(this IServiceCollection services, IConfiguration config)
    {
        var networks = (config["Telemetry:MetricsNetworks"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => IPNetwork.TryParse(n, out var parsed) ? parsed
                : throw new InvalidOperationException($"Telemetry:MetricsNetworks has '{n}', which is not a CIDR such as 10.0.0.0/8."))
            .ToArray();
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireAssertion(c =>
            c.User.IsInRole(Roles.Staff) || c.User.IsInRole(Roles.Admin)
            || (c.Resource is HttpContext http && FromNetwork(http.Connection.RemoteIpAddress, networks))));
        return services;
    }

    // The address is the client's after UseForwardedHeaders, which trusts X-Forwarded-For only from known proxies.
    private static bool FromNetwork(IPAddress? address, IPNetwork[] networks)
    {
        if (address is null || networks.Length == 0) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return networks.Any(n => n.Contains(address));
    }
}
