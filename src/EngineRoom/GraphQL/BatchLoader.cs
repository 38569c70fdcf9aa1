using GraphQL.DataLoader;

namespace EngineRoom.GraphQL;

/// <summary>
/// A per-request loader: a resolver asks for a key and gets a deferred answer; GraphQL.NET resolves the deferred
/// answers of a level only after every field of that level asked, so the first answer fetched loads all the keys
/// collected so far in one query. Keys asked for later start the next batch. One instance per request (scoped).
/// </summary>
internal sealed class BatchLoader<TKey, TValue>(Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch)
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue?> _loaded = [];
    private HashSet<TKey> _pending = [];

    public IDataLoaderResult<TValue?> Load(TKey key)
    {
        if (!_loaded.ContainsKey(key)) _pending.Add(key);
        return new Deferred(this, key);
    }

    /// <summary>Answers already known (the product page read its stock itself) are not fetched again.</summary>
    public void Prime(TKey key, TValue value) => _loaded.TryAdd(key, value);

    private async Task<TValue?> GetAsync(TKey key, CancellationToken ct)
    {
        if (_pending.Count > 0 && !_loaded.ContainsKey(key))
        {
            var batch = _pending;
            _pending = [];
            var found = await fetch(batch, ct);
            foreach (var k in batch) _loaded[k] = found.TryGetValue(k, out var v) ? v : default;
        }
        return _loaded.GetValueOrDefault(key);
    }

    private sealed class Deferred(BatchLoader<TKey, TValue> loader, TKey key) : IDataLoaderResult<TValue?>
    {
        public Task<TValue?> GetResultAsync(CancellationToken ct = default) => loader.GetAsync(key, ct);
        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken ct) => await GetResultAsync(ct);
    }
}

internal static class Deferred
{
    /// <summary>A deferred answer mapped once it arrives.</summary>
    public static IDataLoaderResult<TResult> Then<T, TResult>(this IDataLoaderResult<T> source, Func<T, TResult> map) => new Mapped<T, TResult>(source, map);

    private sealed class Mapped<T, TResult>(IDataLoaderResult<T> source, Func<T, TResult> map) : IDataLoaderResult<TResult>
    {
        public async Task<TResult> GetResultAsync(CancellationToken ct = default) => map(await source.GetResultAsync(ct));
        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken ct) => await GetResultAsync(ct);
    }
}
