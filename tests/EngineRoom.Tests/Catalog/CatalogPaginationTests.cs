using System.Net;
using System.Net.Http.Json;
using EngineRoom.Tests.Infrastructure;

namespace EngineRoom.Tests.Catalog;

/// <summary>Keyset pagination under concurrent writes: nothing that existed before paging is skipped or repeated.</summary>
public abstract class CatalogPaginationTests(EngineRoomApp app)
{
    private readonly CatalogApi _catalog = new(app);

    [Theory]
    [InlineData("newest")]
    [InlineData("name")]
    [InlineData("price")]
    [InlineData("-price")]
    public async Task Paging_returns_every_product_once_while_products_are_added(string sort)
    {
        var category = (await _catalog.CategoryAsync()).Id();
        var random = new Random(42);
        // Few distinct names and prices, so most rows tie on the sort key and only the id tiebreak keeps them apart.
        async Task<long> AddAsync() => (await _catalog.ProductAsync($"Item {(char)('A' + random.Next(4))}", category, usd: 100 * random.Next(1, 4))).Id();
        var before = new List<long>();
        for (var i = 0; i < 24; i++) before.Add(await AddAsync());

        using var stop = new CancellationTokenSource();
        var added = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) { await AddAsync(); added++; }
        });
        List<long> seen;
        try { seen = await _catalog.AllPagesAsync($"category={category}&sort={sort}&limit=3"); }
        finally { stop.Cancel(); await writer; }

        Assert.True(added > 0, "the writer should have added products while paging");
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(before, id => Assert.Single(seen, id));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CatalogPaginationTestsOnSqlite(SqliteApp app) : CatalogPaginationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CatalogPaginationTestsOnPostgres(PostgresApp app) : CatalogPaginationTests(app);
