using GraphQLParser.AST;
using Microsoft.Extensions.Caching.Memory;

namespace EngineRoom.GraphQL;

/// <summary>
/// Documents that parsed and passed GraphQL's validation once, by their text: a storefront sends the same few documents
/// with other variables, so each is parsed and validated once per instance instead of on every request (GraphQL.NET's
/// own document cache does the same: a cached document runs with no validation rules, as validation does not depend on
/// the variables, which are still coerced per request). Bounded by the total length of the texts kept (ASTs take about
/// ten times that), least recently used out first.
/// </summary>
internal sealed class ValidatedDocuments
{
    private const int MaxCharacters = 1_000_000;
    private readonly MemoryCache _documents = new(new MemoryCacheOptions { SizeLimit = MaxCharacters });

    public GraphQLDocument? Find(string query) => _documents.TryGetValue(query, out GraphQLDocument? document) ? document : null;

    public void Keep(string query, GraphQLDocument document) =>
        _documents.Set(query, document, new MemoryCacheEntryOptions { Size = Math.Max(1, query.Length) });
}
