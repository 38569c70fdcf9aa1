// The analytics history benchmark: a database of --orders orders (default 1,000,000) over --days days (default 90),
// written straight into the orders, order lines and ledger refund tables (PostgreSQL: binary COPY; SQLite: one prepared
// insert in one transaction), then the rollups rebuilt from it, then the dashboard's history queries timed.
//   dotnet run -c Release --project bench/analytics-history -- --provider postgres|sqlite [--orders N] [--days D] [--runs R] [--keep]
//   --database NAME reuses a database (PostgreSQL: a database of ENGINEROOM_BENCH_POSTGRES's server, created when missing;
//   SQLite: a file): generation is skipped when it already holds the orders; --no-rebuild skips the rebuild too.
using System.Diagnostics;
using System.Text.Json;
using EngineRoom.Analytics;
using EngineRoom.Data;
using EngineRoom.Orders;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var provider = Arg("--provider") ?? "postgres";
var orders = int.Parse(Arg("--orders") ?? "1000000");
var days = int.Parse(Arg("--days") ?? "90");
var runs = int.Parse(Arg("--runs") ?? "50");
var database = Arg("--database");
var end = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(1);
var start = end.AddDays(-days);
Console.WriteLine($"Analytics history bench: {provider}, {orders:N0} orders over {days} days, {Environment.ProcessorCount} cores");

await using var pg = provider == "postgres" ? await ThrowawayPostgres.StartAsync(durable: false) : null;
var work = Directory.CreateTempSubdirectory("engineroom-history-").FullName;
Func<EngineRoomDb> open;
if (pg is not null)
{
    var connection = await ExistingAsync(pg, database) ?? await pg.CreateDatabaseAsync(database);
    connection += ";Command Timeout=0"; // COPY's foreign-key check of 2,000,000 lines takes minutes
    var postgres = new DbContextOptionsBuilder<PostgresEngineRoomDb>().UseNpgsql(connection).Options;
    open = () => new PostgresEngineRoomDb(postgres);
}
else
{
    var file = database ?? Path.Combine(work, "engineroom.db");
    var sqlite = new DbContextOptionsBuilder<SqliteEngineRoomDb>().UseSqlite($"Data Source={file}").AddInterceptors(new SqlitePragmas("NORMAL")).Options;
    open = () => new SqliteEngineRoomDb(sqlite);
}
await using (var db = open()) await db.Database.MigrateAsync();

var watch = Stopwatch.StartNew();
await using (var db = open())
{
    if (await db.Set<Order>().CountAsync() >= orders) Console.WriteLine("  orders already there: not generated");
    else if (db.Provider == DatabaseProvider.Postgres) await History.CopyAsync((NpgsqlConnection)db.Database.GetDbConnection(), orders, start, days);
    else await History.InsertAsync(db, orders, start, days);
}
Console.WriteLine($"  generated {orders:N0} orders in {watch.Elapsed.TotalSeconds:F1} s");

watch.Restart();
if (!args.Contains("--no-rebuild"))
await using (var db = open())
{
    db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
    var rebuilt = await RebuildAnalytics.RunAsync(db, TimeProvider.System, CancellationToken.None);
    Console.WriteLine($"  rollups rebuilt from {rebuilt.Orders:N0} orders and {rebuilt.Refunds:N0} refunds in {watch.Elapsed.TotalSeconds:F1} s");
}

// PostgreSQL: the visibility map autovacuum keeps on a live database (index-only scans need it), and statistics.
await using (var db = open())
    if (db.Provider == DatabaseProvider.Postgres)
    {
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE analytics_sales, analytics_products, analytics_products_daily");
    }

// The history queries as the endpoints run them, each --runs times on a fresh context (the first one reported apart).
// The hourly summary three ways, to see where the time goes: EF's query of the entities (what the endpoint did before),
// the endpoint's plain command into points (now), and that plus the JSON the endpoint writes.
var hours90 = new EngineRoom.Analytics.Range(end.AddDays(-90), end, Grain.Hour);
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
await Time("summary, 90 days by hour: EF query of the rows (before)", async db => (await db.SalesRollups.AsNoTracking()
    .Where(s => s.Currency == "USD" && s.Grain == Grain.Hour && s.Start >= hours90.From && s.Start < hours90.To).OrderBy(s => s.Start).ToListAsync()).Count);
await Time("summary, 90 days by hour: plain command into points (now)", async db => (await GetSalesSummary.ReadAsync(db, "USD", hours90, default)).Points.Count);
await Time("summary, 90 days by hour: points and JSON", async db => await JsonAsync(await GetSalesSummary.ReadAsync(db, "USD", hours90, default)));
await Time("summary, 90 days by day: points and JSON", async db =>
    await JsonAsync(await GetSalesSummary.ReadAsync(db, "USD", new EngineRoom.Analytics.Range(end.AddDays(-90), end, Grain.Day), default)));
await Time("summary, 1 day by minute: points and JSON", async db =>
    await JsonAsync(await GetSalesSummary.ReadAsync(db, "USD", new EngineRoom.Analytics.Range(end.AddDays(-1), end, Grain.Minute), default)));
await Time("top 10 products, 90 days: hourly rows only (before)", async db => await db.ProductRollups
    .Where(p => p.Currency == "USD" && p.Start >= hours90.From && p.Start < hours90.To)
    .GroupBy(p => p.Sku).Select(g => new { g.Key, Revenue = g.Sum(p => p.Revenue) }).OrderByDescending(x => x.Revenue).Take(10).CountAsync());
await Time("top 10 products, 90 days: days (now)", async db => (await GetTopProducts.ReadAsync(db, "USD", hours90, false, 10, default)).Count);
await Time("top 10 products, 89 days and 21 hours: days and edge hours", async db =>
    (await GetTopProducts.ReadAsync(db, "USD", hours90 with { From = hours90.From.AddHours(5), To = hours90.To.AddHours(-3) }, false, 10, default)).Count);
if (!args.Contains("--keep")) try { Directory.Delete(work, true); } catch (IOException) { }
return;

async Task<int> JsonAsync(GetSalesSummary.Response response)
{
    var buffer = new MemoryStream();
    await JsonSerializer.SerializeAsync(buffer, response, json);
    return (int)buffer.Length;
}

async Task Time(string what, Func<EngineRoomDb, Task<int>> query)
{
    var times = new List<double>();
    var rows = 0;
    for (var i = 0; i <= runs; i++)
    {
        await using var db = open();
        var t = Stopwatch.StartNew();
        rows = await query(db);
        times.Add(t.Elapsed.TotalMilliseconds);
    }
    var warm = times.Skip(1).Order().ToList();
    if (warm.Count == 0) warm = times;
    Console.WriteLine($"  {what}: {rows} rows/bytes; first {times[0]:F1} ms, then p50 {warm[warm.Count / 2]:F1} ms, p95 {warm[(int)(warm.Count * 0.95)]:F1} ms");
}

static async Task<string?> ExistingAsync(ThrowawayPostgres pg, string? name)
{
    if (name is null) return null;
    await using var admin = new NpgsqlConnection(pg.Admin);
    await admin.OpenAsync();
    await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", admin) { Parameters = { new() { Value = name } } };
    return await exists.ExecuteScalarAsync() is null ? null : new NpgsqlConnectionStringBuilder(pg.Admin) { Database = name }.ConnectionString;
}
