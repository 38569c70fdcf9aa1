namespace EngineRoom.GraphQL;

/// <summary>Global ids for <c>node(id:)</c>: <c>gid://engineroom/{Type}/{id}</c>, the shape Shopify uses, readable and stable.</summary>
internal static class GlobalId
{
    private const string Prefix = "gid://engineroom/";

    public static string Of(string type, object id) => $"{Prefix}{type}/{id}";

    public static bool TryParse(string? globalId, out string type, out string id)
    {
        type = id = "";
        if (globalId is null || !globalId.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var rest = globalId[Prefix.Length..];
        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1) return false;
        (type, id) = (rest[..slash], rest[(slash + 1)..]);
        return true;
    }
}
