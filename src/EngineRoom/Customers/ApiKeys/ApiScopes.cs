using System.Security.Claims;

namespace EngineRoom.Customers.ApiKeys;

/// <summary>
/// The parts of the admin API an API key can be given, each as <c>{area}:read</c> or <c>{area}:write</c> (write implies
/// read). A route group opens itself to keys of one area with <see cref="ApiKeyAccess.AllowApiKeys{TBuilder}"/>.
/// </summary>
public enum ApiArea { Catalog, Inventory, Orders, Customers, Webhooks, Analytics }

/// <summary>Endpoint metadata: API keys with a scope of this area may call the endpoint (read for GET/HEAD, write otherwise).</summary>
public sealed record ApiKeyArea(ApiArea Area);

public static class ApiScopes
{
    /// <summary>The claim type of a key's scopes, one claim per scope.</summary>
    public const string Claim = "scope";

    public static string Name(ApiArea area) => area.ToString().ToLowerInvariant();
    public static string Read(ApiArea area) => $"{Name(area)}:read";
    public static string Write(ApiArea area) => $"{Name(area)}:write";

    /// <summary>Every scope there is, in the order the README's table shows them.</summary>
    public static IReadOnlyList<string> All { get; } = Enum.GetValues<ApiArea>().SelectMany(a => new[] { Read(a), Write(a) }).ToArray();

    /// <summary>The scope an operation needs: read for GET and HEAD, write for anything else.</summary>
    public static string Needed(ApiArea area, string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? Read(area) : Write(area);

    /// <summary>The scopes as stored: one per area (write covers read), in <see cref="All"/>'s order; unknown ones dropped.</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> scopes)
    {
        var given = scopes.ToHashSet(StringComparer.Ordinal);
        return Enum.GetValues<ApiArea>()
            .Select(a => given.Contains(Write(a)) ? Write(a) : given.Contains(Read(a)) ? Read(a) : null)
            .OfType<string>().ToArray();
    }

    /// <summary>Whether the key's scopes let it make this request to an endpoint of <paramref name="area"/>.</summary>
    public static bool Allow(ClaimsPrincipal key, ApiArea area, string method)
    {
        var needed = Needed(area, method);
        var write = Write(area);
        return key.FindAll(Claim).Any(c => c.Value == needed || c.Value == write);
    }
}
