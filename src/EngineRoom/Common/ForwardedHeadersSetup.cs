using Microsoft.AspNetCore.HttpOverrides;

namespace EngineRoom.Common;

/// <summary>
/// Honours X-Forwarded-For/-Proto/-Host from a reverse proxy (nginx), so client addresses (rate limits) and the
/// scheme are the real ones. Only proxies on loopback are trusted unless <c>ForwardedHeaders:KnownNetworks</c> names
/// more (comma-separated CIDRs, e.g. the container network); headers from anyone else are ignored.
/// </summary>
internal static class ForwardedHeadersSetup
{
    public static IServiceCollection AddEngineRoomForwardedHeaders(this IServiceCollection services, IConfiguration config) =>
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var network in (config["ForwardedHeaders:KnownNetworks"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed) ? parsed
                    : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks has '{network}', which is not a CIDR such as 10.0.0.0/8."));
        });
}
