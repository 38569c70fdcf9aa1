// The analytics history benchmark: a database of --orders orders (default 1,000,000) over --days days (default 90),
// written straight into the orders, order lines and ledger refund tables (PostgreSQL: binary COPY; SQLite: one prepared
// insert in one transaction), then the rollups rebuilt from it, then the dashboard's history queries timed.
//   dotnet run -c Release --project bench/analytics-history -- --provider postgres|sqlite [--orders N] [--days D] [--keep]
using System.Diagnostics;
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
var end = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(1);
var start = end.AddDays(-days);
Console.WriteLine($"Analytics history bench: {provider}, {orders:N0} orders over {days} days, {Environment.ProcessorCount} cores");

await using var pg = provider == "postgres" ? await ThrowawayPostgres.StartAsync(durable: false) : null;
var work = Directory.CreateTempSubdirectory("engineroom-history-").FullName;
Func<EngineRoomDb> open;
if (pg is not null)
{
    var connection = await pg.CreateDatabaseAsync() + ";Command Timeout=0"; // COPY's foreign-key check of 2,000,000 lines takes minutes
    var postgres = new DbContextOptionsBuilder<PostgresEngineRoomDb>().UseNpgsql(connection).Options;
    open = () => new PostgresEngineRoomDb(postgres);
}
else
{
    var file = Path.Combine(work, "engineroom.db");
    var sqlite = new DbContextOptionsBuilder<SqliteEngineRoomDb>().UseSqlite($"Data Source={file}").AddInterceptors(new SqlitePragmas("NORMAL")).Options;
    open = () => new SqliteEngineRoomDb(sqlite);
}
await using (var db = open()) await db.Database.MigrateAsync();

var watch = Stopwatch.StartNew();
await using (var db = open())
{
    if (db.Provider == DatabaseProvider.Postgres) await History.CopyAsync((NpgsqlConnection)db.Database.GetDbConnection(), orders, start, days);
    else await History.InsertAsync(db, orders, start, days);
}
Console.WriteLine($"  generated {orders:N0} orders in {watch.Elapsed.TotalSeconds:F1} s");

watch.Restart();
await using (var db = open())
{
    db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
    var rebuilt = await RebuildAnalytics.RunAsync(db, TimeProvider.System, CancellationToken.None);
    Console.WriteLine($"  rollups rebuilt from {rebuilt.Orders:N0} orders and {rebuilt.Refunds:N0} refunds in {watch.Elapsed.TotalSeconds:F1} s");
}

// The history queries as the endpoints run them, each 30 times on a fresh context (the first one reported apart).
await Time("summary, 90 days by hour (USD)", async db =>
    (await GetSalesSummary.ReadAsync(db, "USD", new EngineRoom.Analytics.Range(end.AddDays(-90), end, Grain.Hour), default)).Count);
await Time("summary, 90 days by day (USD)", async db =>
    (await GetSalesSummary.ReadAsync(db, "USD", new EngineRoom.Analytics.Range(end.AddDays(-90), end, Grain.Day), default)).Count);
await Time("summary, 1 day by minute (USD)", async db =>
    (await GetSalesSummary.ReadAsync(db, "USD", new EngineRoom.Analytics.Range(end.AddDays(-1), end, Grain.Minute), default)).Count);
await Time("top products, 90 days", async db => await db.ProductRollups.Where(p => p.Currency == "USD" && p.Start >= end.AddDays(-90))
    .GroupBy(p => p.Sku).Select(g => new { g.Key, Revenue = g.Sum(p => p.Revenue) }).OrderByDescending(x => x.Revenue).Take(10).CountAsync());
if (!args.Contains("--keep")) try { Directory.Delete(work, true); } catch (IOException) { }
return;

async Task Time(string what, Func<EngineRoomDb, Task<int>> query)
{
    var times = new List<double>();
    var rows = 0;
    for (var i = 0; i < 31; i++)
    {
        await using var db = open();
        var t = Stopwatch.StartNew();
        rows = await query(db);
        times.Add(t.Elapsed.TotalMilliseconds);
    }
    var warm = times.Skip(1).Order().ToList();
    Console.WriteLine($"  {what}: {rows} rows; first {times[0]:F1} ms, then p50 {warm[warm.Count / 2]:F1} ms, p95 {warm[(int)(warm.Count * 0.95)]:F1} ms");
}
