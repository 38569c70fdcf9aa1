namespace EngineRoom.Events;

/// <summary>A product was created, with its SKUs (none when its variants come later).</summary>
public sealed record ProductCreated(long ProductId, string Slug, IReadOnlyList<string> Skus, bool Published, DateTimeOffset CreatedAt) : IIntegrationEvent
{
    public static string Name => "product.created";
}

/// <summary>A product or one of its variants or prices changed: read the product again for its current state.</summary>
public sealed record ProductUpdated(long ProductId, string Slug, IReadOnlyList<string> Skus, bool Published, DateTimeOffset UpdatedAt) : IIntegrationEvent
{
    public static string Name => "product.updated";
}

/// <summary>A product was deleted with its variants; <paramref name="Skus"/> were its SKUs (their stock records stay).</summary>
public sealed record ProductDeleted(long ProductId, string Slug, IReadOnlyList<string> Skus, DateTimeOffset DeletedAt) : IIntegrationEvent
{
    public static string Name => "product.deleted";
}
