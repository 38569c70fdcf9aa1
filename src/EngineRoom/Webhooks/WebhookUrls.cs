using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace EngineRoom.Webhooks;

/// <summary>
/// The SSRF guard. A URL is accepted when it is absolute, <c>https</c> (or <c>http</c> with <c>Webhooks:AllowHttp</c>),
/// without user info, and its host resolves only to public addresses. The check runs at registration and again on
/// every connection (<see cref="ConnectAsync"/>): the sender resolves the name itself and connects to the very address
/// it checked, so a DNS answer that changes between the two (rebinding) reaches nothing private.
/// </summary>
public sealed class WebhookUrls(IOptions<WebhookOptions> options)
{
    public const int MaxLength = 2000;
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    // Never a receiver, whatever the configuration: the instance metadata services of the clouds.
    private static readonly IPAddress[] Metadata =
        [IPAddress.Parse("169.254.169.254"), IPAddress.Parse("169.254.170.2"), IPAddress.Parse("100.100.100.200"), IPAddress.Parse("fd00:ec2::254")];

    private static readonly (IPNetwork Network, string What)[] NotPublic = new[]
    {
        ("0.0.0.0/8", "unspecified"), ("127.0.0.0/8", "loopback"), ("10.0.0.0/8", "private"), ("172.16.0.0/12", "private"),
        ("192.168.0.0/16", "private"), ("100.64.0.0/10", "shared (CGNAT)"), ("169.254.0.0/16", "link-local"), ("192.0.0.0/24", "reserved"),
        ("198.18.0.0/15", "reserved"), ("224.0.0.0/4", "multicast"), ("240.0.0.0/4", "reserved"), ("::/96", "unspecified"),
        ("fc00::/7", "private (ULA)"), ("fe80::/10", "link-local"), ("fec0::/10", "site-local"), ("ff00::/8", "multicast"),
    }.Select(n => (IPNetwork.Parse(n.Item1), n.Item2)).ToArray();

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    /// <summary>Why the address may not be sent to, or null when it may.</summary>
    public string? Refusal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (Metadata.Contains(address)) return "a cloud metadata address";
        if (options.Value.AllowPrivateNetworks) return null;
        if (Nat64.Contains(address)) return Refusal(new IPAddress(address.GetAddressBytes()[12..])); // the IPv4 address it translates to
        return NotPublic.FirstOrDefault(n => n.Network.Contains(address)).What is { } what ? $"a {what} address" : null;
    }

    /// <summary>Why the URL may not be registered (a message for the <c>url</c> field), or null with its normal form.</summary>
    public async Task<(string? Problem, string Url)> CheckAsync(string text, CancellationToken ct)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            return ("The URL is not an absolute URL such as https://hooks.example.com/engineroom.", text);
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && options.Value.AllowHttp))
            return (options.Value.AllowHttp ? "The URL must start with https:// or http://." : "The URL must start with https://.", text);
        if (uri.UserInfo.Length > 0) return ("The URL must not hold a user name or password.", text);
        if (uri.Fragment.Length > 0) return ("The URL must not have a #fragment.", text);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(ResolveTimeout);
            foreach (var address in await ResolveAsync(uri.DnsSafeHost, timeout.Token))
                if (Refusal(address) is { } why) return ($"The URL's host resolves to {address}, {why}; webhooks are sent to public addresses only.", text);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return ($"The URL's host '{uri.DnsSafeHost}' could not be resolved.", text);
        }
        return (null, uri.AbsoluteUri);
    }

    /// <summary>The connection the webhook client makes: resolve, refuse what is not public, connect, check the peer again.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, ct);
        foreach (var address in addresses)
            if (Refusal(address) is { } why) throw new WebhookRefusedException($"{context.DnsEndPoint.Host} resolves to {address}, {why}");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            if (socket.RemoteEndPoint is not IPEndPoint peer || Refusal(peer.Address) is { } why)
                throw new WebhookRefusedException($"connected to {socket.RemoteEndPoint}, which is not a public address");
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        return addresses.Length > 0 ? addresses : throw new SocketException((int)SocketError.HostNotFound);
    }
}

/// <summary>The guard refused to connect: the address is not public.</summary>
public sealed class WebhookRefusedException(string message) : Exception(message);
