namespace EngineRoom.Customers.ApiKeys;

/// <summary>What admins see of a key: never the key itself, which is shown once when it is created.</summary>
public sealed record ApiKeyDto(Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, Guid? CreatedBy,
    DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, bool Revoked, DateTimeOffset? RevokedAt, Guid? RevokedBy)
{
    public static ApiKeyDto From(ApiKey k) =>
        new(k.Id, k.Name, k.Prefix, k.ScopeList, k.CreatedAt, k.CreatedBy, k.ExpiresAt, k.LastUsedAt, k.RevokedAt is not null, k.RevokedAt, k.RevokedBy);
}
