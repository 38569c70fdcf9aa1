// Micro-benchmark: what an API key costs per request, i.e. the handler's lookup (one read of customers_api_keys by the
// SHA-256 of the key, through a pooled DbContext as the server uses) among 10,000 keys, on SQLite and on PostgreSQL;
// next to it, the query of the cheapest staff read, timed the same way.
// Usage: dotnet run -c Release --project bench/api-key-check [lookups per round] [rounds]
using System.Diagnostics;
using EngineRoom.Customers.ApiKeys;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

var lookups = args.Length > 0 ? int.Parse(args[0]) : 20_000;
var rounds = args.Length > 1 ? int.Parse(args[1]) : 5;

var sqliteFile = Path.Combine(Path.GetTempPath(), $"api-key-check-{Guid.NewGuid():N}.db");
try
{
    await MeasureAsync("sqlite", new PooledDbContextFactory<SqliteEngineRoomDb>(
        new DbContextOptionsBuilder<SqliteEngineRoomDb>().UseSqlite($"Data Source={sqliteFile}").Options));
}
finally { Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); File.Delete(sqliteFile); }

await using (var pg = await ThrowawayPostgres.StartAsync(durable: true))
    await MeasureAsync("postgres", new PooledDbContextFactory<PostgresEngineRoomDb>(
        new DbContextOptionsBuilder<PostgresEngineRoomDb>().UseNpgsql(pg.Admin + ";Max Auto Prepare=64").Options));

async Task MeasureAsync<TDb>(string provider, PooledDbContextFactory<TDb> factory) where TDb : EngineRoomDb
{
    string known;
    await using (var db = factory.CreateDbContext())
    {
        if (db is SqliteEngineRoomDb) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        await db.Database.MigrateAsync();
        var now = DateTimeOffset.UtcNow;
        var keys = Enumerable.Range(0, 10_000).Select(i => ApiKey.Create($"key {i}", ["orders:read"], null, null, now)).ToList();
        db.ApiKeys.AddRange(keys.Select(k => k.Key));
        await db.SaveChangesAsync();
        known = keys[5_000].Text;
    }
    for (var round = 0; round < rounds; round++)
    {
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < lookups; i++)
        {
            // The handler's work for a key: hash it, read its row by the hash (the same query as ApiKeyAuthentication).
            var hash = ApiKey.Hash(known);
            await using var db = factory.CreateDbContext();
            var found = await db.ApiKeys.AsNoTracking().Where(k => k.SecretHash == hash)
                .Select(k => new { k.Id, k.Scopes, k.ExpiresAt, k.RevokedAt, k.LastUsedAt }).SingleOrDefaultAsync();
            if (found is null) throw new InvalidOperationException("not found");
        }
        var lookup = sw.Elapsed.TotalMicroseconds / lookups;
        sw.Restart();
        for (var i = 0; i < lookups; i++)
        {
            // For scale: the query of the cheapest staff read (GET /admin/tax-rates on an empty table), the same way.
            await using var db = factory.CreateDbContext();
            await db.TaxRates.AsNoTracking().ToListAsync();
        }
        Console.WriteLine($"{provider}, round {round}: {lookup:F1} µs per key lookup (10,000 keys); {sw.Elapsed.TotalMicroseconds / lookups:F1} µs per tax-rate list, for scale");
    }
}
