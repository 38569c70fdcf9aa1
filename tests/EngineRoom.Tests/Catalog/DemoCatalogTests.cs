using EngineRoom.Catalog;
using EngineRoom.Data;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Catalog;

/// <summary>The demo seed, run directly on a fresh, migrated database of each provider.</summary>
public sealed class DemoCatalogTests
{
    [Fact]
    public async Task Demo_seed_fills_a_fresh_sqlite_database()
    {
        var file = Path.Combine(Path.GetTempPath(), $"engineroom-seed-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = new SqliteEngineRoomDb(new DbContextOptionsBuilder<SqliteEngineRoomDb>().UseSqlite($"Data Source={file};Pooling=false").Options);
            await AssertSeedsAsync(db);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public async Task Demo_seed_fills_a_fresh_postgres_database()
    {
        var connection = await PostgresServer.CreateDatabaseAsync();
        await using var db = new PostgresEngineRoomDb(new DbContextOptionsBuilder<PostgresEngineRoomDb>().UseNpgsql(connection).Options);
        await AssertSeedsAsync(db);
    }

    private static async Task AssertSeedsAsync(EngineRoomDb db)
    {
        await db.Database.MigrateAsync();
        var (products, skus) = await DemoCatalog.SeedAsync(db, TimeProvider.System, default);
        Assert.True(products >= 200, $"{products} products");
        Assert.Equal(products, await db.Products.CountAsync());
        Assert.True(await db.Products.CountAsync(p => p.Published) > products / 2);
        Assert.True(await db.Categories.CountAsync(c => c.ParentId != null) >= 5);
        Assert.True(await db.Variants.AllAsync(v => v.Prices.Any(p => p.Currency == "USD") && v.Prices.Any(p => p.Currency == "EUR")));
        Assert.Equal(products, await db.ProductPriceRanges.Where(r => r.Currency == "EUR").CountAsync());
        Assert.Equal(skus, await db.StockLevels.CountAsync(l => l.Sku.StartsWith("DEMO-")));
        Assert.Equal(skus, await db.StockMovements.CountAsync(m => m.Reason == "seed"));

        // Rows written by the seed read back through EF and the search index like any other.
        var product = await db.Products.Include(p => p.Variants).OrderBy(p => p.Id).FirstAsync();
        Assert.NotEmpty(product.Images);
        Assert.NotEmpty(product.Variants[0].Options);
        var word = product.Name.Split(' ')[^1].ToLowerInvariant();
        Assert.Contains(product.Id, await ProductSearch.Hits(db, [word]).Select(h => h.ProductId).ToListAsync());
        Assert.Equal((0, 0), await DemoCatalog.SeedAsync(db, TimeProvider.System, default)); // only into an empty catalog
    }
}
