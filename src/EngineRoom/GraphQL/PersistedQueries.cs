using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace EngineRoom.GraphQL;

/// <summary>
/// Automatic persisted queries (Apollo's protocol): a client sends the sha256 of its document; unknown, it is told
/// PERSISTED_QUERY_NOT_FOUND and sends the document with the hash once, which is kept here (per instance, bounded,
/// least recently used first out). Afterwards GET requests carry only the hash, so a CDN can cache them.
/// </summary>
internal sealed class PersistedQueries(IOptions<GraphQLOptions> options)
{
    private readonly MemoryCache _documents = new(new MemoryCacheOptions { SizeLimit = options.Value.PersistedQueries });

    public static string Hash(string query) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query)));

    public string? Find(string hash) => _documents.TryGetValue(hash, out string? query) ? query : null;

    public void Keep(string hash, string query) =>
        _documents.Set(hash, query, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(24) });
}
