// Catalog search benchmark: seeds N products into a fresh SQLite file and a fresh PostgreSQL database, starts the
// real server (Release build) on each, and times the store list queries over HTTP. See bench/README.md.
using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using EngineRoom.Catalog;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

var products = ArgInt("--products", 100_000);
var runs = ArgInt("--runs", 50);
var providers = (Arg("--providers") ?? "sqlite,postgres").Split(',');
var root = FindRoot();
var results = Path.Combine(root, "bench", "results");
Directory.CreateDirectory(results);
var serverDll = Path.Combine(root, "src", "EngineRoom", "bin", "Release", "net10.0", "EngineRoom.dll");

foreach (var provider in providers)
{
    string[] settings;
    await using var cluster = provider == "postgres" ? await ThrowawayPostgres.StartAsync() : null;
    if (provider == "postgres")
    {
        var connection = await cluster!.CreateDatabaseAsync();
        await SeedAsync(new PostgresEngineRoomDb(new DbContextOptionsBuilder<PostgresEngineRoomDb>().UseNpgsql(connection).Options), products);
        settings = ["--Database:Provider=postgres", $"--ConnectionStrings:Postgres={connection}"];
    }
    else
    {
        var file = Path.Combine(results, "catalog-bench.db");
        foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
        await using (var db = new SqliteEngineRoomDb(new DbContextOptionsBuilder<SqliteEngineRoomDb>().UseSqlite($"Data Source={file}").Options))
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;");
        await SeedAsync(new SqliteEngineRoomDb(new DbContextOptionsBuilder<SqliteEngineRoomDb>().UseSqlite($"Data Source={file}").Options), products);
        settings = ["--Database:Provider=sqlite", $"--ConnectionStrings:Sqlite=Data Source={file}"];
    }
    await RunQueriesAsync(provider, settings);
}

async Task SeedAsync(EngineRoomDb db, int count)
{
    await using var _ = db;
    var clock = Stopwatch.StartNew();
    await db.Database.MigrateAsync();
    db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
    var (seeded, skus) = await DemoCatalog.SeedAsync(db, TimeProvider.System, default, productsPerLeaf: count / 10);
    // PostgreSQL's autovacuum would analyze these tables shortly; do it now so plans are the ones production gets.
    if (db.Provider == DatabaseProvider.Postgres) await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE;");
    Console.WriteLine($"{db.Provider}: seeded {seeded} products, {skus} stocked SKUs in {clock.Elapsed.TotalSeconds:F0} s");
}

async Task RunQueriesAsync(string provider, string[] settings)
{
    var port = Ports.Free();
    using var server = Process.Start(new ProcessStartInfo("dotnet", [serverDll, $"--urls=http://127.0.0.1:{port}", "--Email:Enabled=false", "--Seed:DemoCatalog=false",
        "--Database:MigrateOnStartup=false", "--Logging:LogLevel:Default=Warning",
        $"--Auth:SigningKey={Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))}", .. settings])
    { WorkingDirectory = Path.GetDirectoryName(serverDll)!, RedirectStandardOutput = true, RedirectStandardError = true })!;
    var errors = server.StandardError.ReadToEndAsync();
    while (await server.StandardOutput.ReadLineAsync() is { } line && !line.Contains("is ready")) { }
    if (server.HasExited) throw new InvalidOperationException($"The server stopped: {await errors}");
    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    try
    {
        var deepPages = Math.Clamp(products / 300, 1, 300); // 30,000 rows in on 100,000 products
        var deepName = await CursorAfterAsync(http, "sort=name&limit=100", deepPages);
        var deepNewest = await CursorAfterAsync(http, "limit=100", deepPages);
        (string Name, string Query)[] queries =
        [
            ("search, common word (cotton), relevance", "q=cotton"),
            ("search, common word (cotton), newest", "q=cotton&sort=newest"),
            ("search, rare word (kestrel)", "q=kestrel"),
            ("search, prefix (walnu)", "q=walnu"),
            ("search, two words + prefix (organic cotton te)", "q=organic+cotton+te"),
            ("category apparel + price sort", "category=apparel&sort=price"),
            ("category kitchen + -price sort", "category=kitchen&sort=-price"),
            ("price range 2000..3000 + name sort", "minPrice=2000&maxPrice=3000&sort=name"),
            ("in stock + newest", "inStock=true"),
            ("newest, first page", ""),
            ($"deep page ({deepPages * 100:N0} in), newest", $"limit=100&cursor={deepNewest}"),
            ($"deep page ({deepPages * 100:N0} in), name sort", $"sort=name&limit=100&cursor={deepName}"),
        ];
        var lines = new List<string> { $"| {provider} query | median ms | p95 ms | items |", "|---|---:|---:|---:|" };
        foreach (var (name, query) in queries)
        {
            var times = new List<double>();
            var items = 0;
            for (var i = 0; i < runs + 5; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await http.GetAsync($"/store/products?{query}");
                var body = await response.Content.ReadAsStringAsync();
                watch.Stop();
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{query}: {(int)response.StatusCode} {body}");
                items = JsonDocument.Parse(body).RootElement.GetProperty("items").GetArrayLength();
                if (i >= 5) times.Add(watch.Elapsed.TotalMilliseconds); // the first five warm up
            }
            times.Sort();
            lines.Add($"| {name} | {times[times.Count / 2]:F1} | {times[(int)Math.Ceiling(times.Count * 0.95) - 1]:F1} | {items} |");
        }
        Console.WriteLine(string.Join(Environment.NewLine, lines));
        await File.WriteAllLinesAsync(Path.Combine(results, $"catalog-search-{provider}.md"), lines);
    }
    finally { server.Kill(entireProcessTree: true); }
}

static async Task<string> CursorAfterAsync(HttpClient http, string query, int pages)
{
    string? cursor = null;
    for (var i = 0; i < pages; i++)
    {
        var page = JsonDocument.Parse(await http.GetStringAsync($"/store/products?{query}{(cursor is null ? "" : $"&cursor={cursor}")}")).RootElement;
        cursor = Uri.EscapeDataString(page.GetProperty("nextCursor").GetString()!);
    }
    return cursor!;
}

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
int ArgInt(string name, int fallback) => int.TryParse(Arg(name), out var v) ? v : fallback;

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EngineRoom.slnx"))) dir = dir.Parent;
    return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
}


