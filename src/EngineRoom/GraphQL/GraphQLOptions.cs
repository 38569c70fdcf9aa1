namespace EngineRoom.GraphQL;

/// <summary>Settings under <c>GraphQL</c>: the limits a document must pass before it runs (docs/graphql.md).</summary>
public sealed class GraphQLOptions
{
    /// <summary>Characters of query text.</summary>
    public int MaxDocumentLength { get; set; } = 16_384;
    public int MaxDepth { get; set; } = 12;
    public int MaxAliases { get; set; } = 30;
    /// <summary>The most a single document may cost (Shopify's model: objects 1, scalars 0, a page of a connection multiplies).</summary>
    public int MaxCost { get; set; } = 1_000;
    /// <summary>Each client's bucket of cost points, and how many come back per second.</summary>
    public int BudgetMaximum { get; set; } = 2_000;
    public int BudgetRestorePerSecond { get; set; } = 100;
    /// <summary>Introspection (<c>__schema</c>, <c>__type</c>) and "did you mean" suggestions; null: on everywhere but Production.</summary>
    public bool? Introspection { get; set; }
    public bool? Suggestions { get; set; }
    /// <summary>Persisted query documents kept per instance (by sha256), least recently used dropped first.</summary>
    public int PersistedQueries { get; set; } = 5_000;
}
