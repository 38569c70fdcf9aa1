// The benchmark harness: starts PostgreSQL from the installed binaries, seeds a fresh database, starts the Release server
// (N instances behind nginx with --instances), drives the scenarios from this process, checks the invariants after each,
// runs pgbench's checkout-shaped transaction for the ceiling, and prints a table plus a JSON summary. See bench/README.md.
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Catalog;
using EngineRoom.Data;
using EngineRoom.Inventory;
using Microsoft.EntityFrameworkCore;

var options = BenchOptions.Parse(args);
var root = FindRoot();
// --server-dll runs another build of the server, e.g. a ReadyToRun publish (dotnet publish -p:PublishReadyToRun=true).
var serverDll = options.ServerDll ?? Path.Combine(root, "src", "EngineRoom", "bin", "Release", "net10.0", "EngineRoom.dll");
var results = Path.Combine(root, "bench", "results");
Directory.CreateDirectory(results);
Console.WriteLine($"EngineRoom bench: {options.Provider}, {options.Instances} instance(s){(options.Nginx ? " behind nginx" : "")}, " +
    $"{options.Concurrency} customers, {options.Seconds} s per scenario after {options.WarmupSeconds} s of warm-up, {Environment.ProcessorCount} cores" +
    (options.ColdSeconds > 0 ? $", the first {options.ColdSeconds} s of load reported apart" : "") +
    (options.ProviderLatencyMs > 0 ? $", sandbox provider latency {options.ProviderLatencyMs} ms" : "") +
    (options.Analytics ? "" : ", analytics off") + (options.AnalyzeAfterWarmup || options.Provider != "postgres" ? "" : ", no ANALYZE after the warm-up"));

await using var pg = await ThrowawayPostgres.StartAsync(durable: !options.NoFsync, maxConnections: 100 + 100 * options.Instances);
// With --cut-db-after the servers reach PostgreSQL through a proxy in this process that can cut the line; the harness's
// own connections (seeding, checks) go direct.
await using var proxy = options.Fault is { Kind: "cut" } ? new FaultProxy("127.0.0.1", pg.Port) : null;
var work = Directory.CreateTempSubdirectory("engineroom-bench-").FullName;
var servers = new List<ServerInstance>();
Nginx? nginx = null;
try
{
    // 1. The database, migrated by the server's own command, and seeded.
    string[] dbSettings;
    string? seeded = null;
    Func<EngineRoomDb> open;
    if (options.Provider == "postgres")
    {
        var connection = seeded = await pg.CreateDatabaseAsync();
        var pooled = options.Pool is { } pool ? $"{connection};Maximum Pool Size={pool}" : connection;
        if (proxy is not null) pooled = new Npgsql.NpgsqlConnectionStringBuilder(pooled) { Port = proxy.Port }.ConnectionString;
        dbSettings = ["--Database:Provider=postgres", $"--ConnectionStrings:Postgres={pooled}"];
        open = () => new PostgresEngineRoomDb(new DbContextOptionsBuilder<PostgresEngineRoomDb>().UseNpgsql(connection).Options);
    }
    else
    {
        var file = Path.Combine(work, "engineroom.db");
        dbSettings = ["--Database:Provider=sqlite", $"--ConnectionStrings:Sqlite=Data Source={file}", $"--DataDirectory={work}"];
        open = () => new SqliteEngineRoomDb(new DbContextOptionsBuilder<SqliteEngineRoomDb>().UseSqlite($"Data Source={file}").Options);
    }
    string[] settings = [.. dbSettings, "--Logging:LogLevel:Default=Warning", "--Seed:DemoCatalog=false", "--Database:MigrateOnStartup=false",
        $"--Auth:SigningKey={Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))}",
        "--Bootstrap:AdminEmail=bench@engineroom.local", "--Bootstrap:AdminPassword=bench-password-1",
        // Every virtual customer comes from one address: the per-client abuse limits would stop the load itself.
        "--RateLimits:CartsPerMinute=10000000", "--RateLimits:BuyNowPerMinute=10000000", "--RateLimits:DiscountCodesPerMinute=10000000",
        "--RateLimits:DiscountCodesPerCartPerMinute=10000000", "--GraphQL:BudgetMaximum=1000000000",
        // A killed instance's checkouts are resolved by the others' recovery job: sooner than the 2-minute default here.
        .. options.KillAfter is null && options.Fault is null ? Array.Empty<string>() : ["--Checkout:RecoverAfterSeconds=10", "--Checkout:SweepSeconds=2"],
        // The sandbox provider answers like a remote one: each call waits this long first.
        .. options.ProviderLatencyMs > 0 ? [$"--Payments:Sandbox:LatencyMilliseconds={options.ProviderLatencyMs}"] : Array.Empty<string>(),
        // --webhooks: the receiver is this process, on loopback over plain http.
        .. options.Webhooks ? WebhookBench.Settings : Array.Empty<string>(),
        // --analytics off: no rollups, counters or outbox wake, to measure what analytics costs checkout.
        $"--Analytics:Enabled={options.Analytics}"];
    await RunServerCommandAsync(serverDll, [.. settings, "migrate"]);
    var seedClock = Stopwatch.StartNew();
    var data = await SeedAsync(open, options.Skus);
    Console.WriteLine($"Seeded {data.Skus.Length:N0} SKUs with stock, flash-sale SKU {data.FlashSku} with {data.FlashStock}, in {seedClock.Elapsed.TotalSeconds:F0} s");

    // 2. The ceiling, on the same cluster, before the servers start (--pgbench-seconds 0 skips it).
    var ceiling = options.PgBenchSeconds == 0 ? new PgBenchResult(0, 0, 0, 0) : await PgBench.CeilingAsync(pg, root, options.Concurrency, options.PgBenchSeconds);
    if (ceiling.Tps > 0) Console.WriteLine($"pgbench checkout-shaped transaction: {ceiling.Tps:F0} tps at {ceiling.Clients} clients (latency average {ceiling.AverageLatencyMs:F1} ms)");
    // EngineRoom's Buy Now SQL of before the two-commit redesign (docs/decisions/0004), with nothing in between; kept
    // for comparison behind --own-sql: its scripts still write the sandbox's old tables, which a migration dropped.
    OwnSql? ownSql = null;
    if (seeded is not null && ceiling.Tps > 0 && args.Contains("--own-sql"))
    {
        var (asSent, fewest) = await PgBench.OwnSqlAsync(pg, root, seeded, options.Concurrency, options.PgBenchSeconds);
        ownSql = new OwnSql(asSent, fewest);
        Console.WriteLine($"pgbench EngineRoom's Buy Now SQL as sent: {asSent.Tps:F0} tps = {asSent.Tps / ceiling.Tps:P1} of the ceiling (latency average {asSent.AverageLatencyMs:F1} ms)");
        Console.WriteLine($"pgbench the same writes in 3 round trips: {fewest.Tps:F0} tps = {fewest.Tps / ceiling.Tps:P1} of the ceiling (latency average {fewest.AverageLatencyMs:F1} ms)");
    }

    // 3. The servers, and nginx in front when asked.
    for (var i = 0; i < options.Instances; i++) servers.Add(await ServerInstance.StartAsync(serverDll, settings));
    if (options.Nginx) nginx = await Nginx.StartAsync(root, servers.Select(s => s.Port));
    var baseUrl = $"http://127.0.0.1:{nginx?.Port ?? servers[0].Port}";
    var runData = data with { DiscountCode = await CreateDiscountAsync(baseUrl) };
    await using var sink = options.Webhooks ? await WebhookSink.StartAsync() : null;
    var endpoint = sink is null ? (Guid?)null : await WebhookBench.RegisterAsync(baseUrl, sink.Url);

    using var http = new HttpClient(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false,
    }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
    var cpu = new CpuMeter(() => new Dictionary<string, IEnumerable<int>>
    {
        ["loadgen"] = [Environment.ProcessId],
        ["server"] = servers.Where(s => !s.Killed).Select(s => s.Pid),
        ["postgres"] = ProcStats.ByName("postgres"),
        ["nginx"] = ProcStats.ByName("nginx"),
    });

    // 4. The scenarios, each followed by the invariant check. With --webhooks each timed one runs three times: no
    // endpoint enabled, the endpoint enabled, and enabled with the load paced at --webhook-rate.
    var reports = new List<ScenarioReport>();
    if (seeded is not null && Environment.GetEnvironmentVariable("ENGINEROOM_BENCH_STATEMENTS") == "1") await StatementReport.ResetAsync(seeded); // not the seeding's
    var runs = options.Scenarios.SelectMany(s => endpoint is null || s == "flash-sale" ? [(s, (bool?)null, options.Rate)]
        : new[] { (s, (bool?)false, options.Rate), (s, true, options.Rate), (s, true, options.WebhookRate) });
    foreach (var (scenario, hooked, rate) in runs)
    {
        if (endpoint is { } id && hooked is { } on) await WebhookBench.SetEnabledAsync(baseUrl, id, on);
        var ordersBefore = await CountOrdersAsync(open);
        var recorder = new Recorder();
        var client = new Client(http, recorder);
        foreach (var s in servers) s.SampleMemory();
        ScenarioReport report;
        if (scenario == "flash-sale")
        {
            cpu.Start();
            var memory = new MemorySampler(servers);
            var elapsed = await Scenarios.FlashSaleAsync(client, runData, options.FlashBuyers);
            var shares = cpu.Shares();
            await memory.Stop();
            report = ScenarioReport.From(scenario, recorder, elapsed, recorder.OrderIds.Count, shares, servers, null, null);
        }
        else
        {
            // The first timed scenario meets the freshly started server: with --cold-seconds its first seconds are reported apart.
            var cold = options.ColdSeconds > 0 && !reports.Any(r => r.Scenario != "flash-sale") ? options.ColdSeconds : 0;
            var label = hooked switch { null => scenario, false => $"{scenario} (webhooks off)", true => $"{scenario} (webhooks on)" } + (rate > 0 ? $" at {rate}/s" : "");
            report = await RunTimedAsync(scenario, label, rate, hooked == true ? sink : null, open, client, runData, servers, cpu, cold, coldReport =>
            {
                reports.Add(coldReport);
                Print(coldReport, ceiling, ownSql);
            });
        }

        if (seeded is not null && Environment.GetEnvironmentVariable("ENGINEROOM_BENCH_STATEMENTS") == "1")
            await StatementReport.PrintAndResetAsync(seeded, report.Orders);
        if (report.Kill is not null || report.Fault is not null) Console.WriteLine($"  waiting for the recovery job to resolve checkouts left in flight: " +
            $"{(await Checks.SettleAsync(open, TimeSpan.FromSeconds(60)) ? "done" : "still in flight after 60 s")}");
        var checks = await Checks.RunAsync(open, recorder.OrderIds.ToList(), ordersBefore, answersMayBeLost: report.Kill is not null || report.Fault is not null, runData,
            scenario == "flash-sale" ? Math.Min(options.FlashBuyers, data.FlashStock) : null);
        reports.Add(report with { Checks = checks });
        Print(reports[^1], ceiling, ownSql);
    }

    // 5. The table and the JSON summary.
    var summary = new BenchSummary(DateTimeOffset.UtcNow, options.Provider, options.Instances, options.Nginx, options.Concurrency, options.Seconds,
        Environment.ProcessorCount, !options.NoFsync, ceiling, ownSql, reports, options.WarmupSeconds, options.ColdSeconds, options.ProviderLatencyMs);
    Console.WriteLine();
    Console.WriteLine(Table(summary));
    var json = Path.Combine(results, $"harness-{options.Provider}-{options.Instances}x-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
    await File.WriteAllTextAsync(json, JsonSerializer.Serialize(summary, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
    Console.WriteLine($"JSON summary: {json}");
    var failed = reports.SelectMany(r => r.Checks).Where(c => !c.Ok).ToList();
    foreach (var f in failed) Console.WriteLine($"INVARIANT FAILED: {f.Name}: {f.Detail}");
    Environment.ExitCode = failed.Count == 0 ? 0 : 1;
}
catch
{
    foreach (var s in servers) Console.Error.WriteLine($"--- server on {s.Port} ---\n{s.Log}");
    throw;
}
finally
{
    if (nginx is not null) await nginx.DisposeAsync();
    foreach (var s in servers) s.Dispose();
    Directory.Delete(work, recursive: true);
}

async Task<ScenarioReport> RunTimedAsync(string scenario, string label, double rate, WebhookSink? sink, Func<EngineRoomDb> open, Client client,
    BenchData data, List<ServerInstance> servers, CpuMeter cpu, int coldSeconds, Action<ScenarioReport> reportCold)
{
    var step = Scenarios.Step(scenario);
    var recorder = client.Recorder;
    recorder.Recording = coldSeconds > 0;
    if (coldSeconds > 0) cpu.Start();
    var loadStart = Stopwatch.GetTimestamp();
    var stop = false;
    // --rate: the customers share one schedule of rate steps a second (open loop, at most --concurrency in flight).
    long slot = 0;
    var customers = Enumerable.Range(0, options.Concurrency).Select(i => Task.Run(async () =>
    {
        var customer = new Customer(i);
        while (!Volatile.Read(ref stop))
        {
            if (rate > 0)
            {
                var due = loadStart + (long)(Interlocked.Increment(ref slot) * (Stopwatch.Frequency / rate));
                if (Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due) is { Ticks: > 0 } wait) await Task.Delay(wait);
                if (Volatile.Read(ref stop)) break;
            }
            await step(client, customer, data);
        }
    })).ToList();
    if (coldSeconds > 0)
    {
        // The first seconds of load count as warm-up for the steady-state figure that follows.
        var coldMemory = new MemorySampler(servers);
        await Task.Delay(TimeSpan.FromSeconds(coldSeconds));
        recorder.Recording = false;
        var coldElapsed = Stopwatch.GetElapsedTime(loadStart);
        var coldShares = cpu.Shares();
        await coldMemory.Stop();
        var coldReport = ScenarioReport.From($"{scenario} (first {coldSeconds} s)", recorder, coldElapsed, recorder.OrderIds.Count, coldShares, servers, null, null);
        var perFive = recorder.OrderTimes.ToArray().Select(t => (int)((t - loadStart) / (double)Stopwatch.Frequency / 5))
            .Where(i => i >= 0 && i < (coldSeconds + 4) / 5).GroupBy(i => i).OrderBy(g => g.Key).Select(g => $"{g.Key * 5}-{g.Key * 5 + 5} s: {g.Count() / 5.0:F1}");
        Console.WriteLine($"    orders/s by 5 s since the load began: {string.Join(", ", perFive)}");
        reportCold(coldReport);
        recorder.ClearMeasurements();
    }
    await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, options.WarmupSeconds - coldSeconds)));
    if (options.Provider == "postgres" && options.AnalyzeAfterWarmup)
    {
        // What autovacuum does a minute or two into a fresh database, done before the measured window: the tables the
        // warm-up filled are analyzed, which also re-plans the foreign-key checks every connection cached while they
        // were empty (a sequential scan each, slower with every row: 1.0-1.25 ms per posting insert instead of 0.2).
        // --no-analyze measures without it (bench/README.md, "Steady state on a fresh database").
        await using var db = open();
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
    }

    recorder.Recording = true;
    var windowFrom = DateTimeOffset.UtcNow;
    var ordersAtStart = recorder.OrderIds.Count;
    cpu.Start();
    var memory = new MemorySampler(servers);
    var window = Stopwatch.StartNew();
    var windowStart = Stopwatch.GetTimestamp();
    KillReport? kill = null;
    FaultReport? fault = null;
    if (options.KillAfter is { } after && scenario == "checkout" && servers.Count > 1)
    {
        await Task.Delay(TimeSpan.FromSeconds(after));
        servers[0].KillHard();
        var (requestsAtKill, ordersAtKill, errorsAtKill) = (recorder.Requests, recorder.OrderIds.Count, recorder.Errors.Values.Sum());
        var atKill = window.Elapsed;
        Console.WriteLine($"  kill -9 instance on port {servers[0].Port} (pid {servers[0].Pid}) at {atKill.TotalSeconds:F1} s");
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds) - atKill);
        var rest = (window.Elapsed - atKill).TotalSeconds;
        kill = new KillReport(Math.Round(atKill.TotalSeconds, 1), servers[0].Pid, Math.Round((recorder.Requests - requestsAtKill) / rest, 1),
            Math.Round((recorder.OrderIds.Count - ordersAtKill) / rest, 1), recorder.Errors.Values.Sum() - errorsAtKill);
    }
    else if (options.Fault is { } plan && scenario is "checkout" or "buy-now")
    {
        var probe = new ReadinessProbe(servers.Select(s => s.Port), window);
        var retriesAtStart = recorder.Retries;
        await Task.Delay(TimeSpan.FromSeconds(plan.AfterSeconds));
        Console.WriteLine($"  {plan.Describe}");
        var (down, back) = await plan.InjectAsync(pg, proxy, window);
        Console.WriteLine($"  database gone at {down.TotalSeconds:F1} s, back at {back.TotalSeconds:F1} s");
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds) - window.Elapsed);
        var end = window.Elapsed;
        fault = FaultReport.From(plan, down, back, end, recorder.OrderTimes.ToArray(), windowStart, await probe.StopAsync(), recorder.Retries - retriesAtStart);
    }
    else await Task.Delay(TimeSpan.FromSeconds(options.Seconds));

    var elapsed = window.Elapsed;
    var windowTo = DateTimeOffset.UtcNow;
    var shares = cpu.Shares();
    recorder.Recording = false;
    var orders = recorder.OrderIds.Count - ordersAtStart;
    Volatile.Write(ref stop, true);
    await memory.Stop();
    await Task.WhenAll(customers);
    var report = ScenarioReport.From(label, recorder, elapsed, orders, shares, servers, kill, fault);
    if (sink is null) return report;
    var (drained, undelivered) = await WebhookBench.DrainAsync(open, TimeSpan.FromSeconds(60));
    return report with { Webhooks = sink.Report(windowFrom, windowTo, drained, undelivered) };
}

static async Task<int> CountOrdersAsync(Func<EngineRoomDb> open)
{
    await using var db = open();
    return await db.Orders.CountAsync();
}

static async Task<BenchData> SeedAsync(Func<EngineRoomDb> open, int skus)
{
    await using var db = open();
    db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
    // About 2.3 variants a product in the demo catalog: enough products for the SKUs wanted, plus the flash-sale one.
    await DemoCatalog.SeedAsync(db, TimeProvider.System, default, productsPerLeaf: (int)Math.Ceiling(skus / 10 / 2.0) + 1);
    var sellable = await db.Variants.Join(db.Products.Where(p => p.Published), v => v.ProductId, p => p.Id, (v, p) => v.Sku)
        .OrderBy(s => s).Take(skus + 1).ToListAsync();
    if (sellable.Count < skus + 1) throw new InvalidOperationException($"The demo catalog gave {sellable.Count} sellable SKUs, fewer than {skus + 1}.");
    var pool = sellable.Take(skus).ToArray();
    var flash = sellable[^1];
    var now = DateTimeOffset.UtcNow;
    await StockAdjustments.AdjustManyAsync(db, pool.Select(s => (s, 1_000_000L)), "received", "bench stock", now, default);
    const int flashStock = 100;
    var onHand = await db.StockLevels.Where(l => l.Sku == flash).Select(l => (long?)l.OnHand).SingleOrDefaultAsync() ?? 0;
    if (onHand != flashStock) await StockAdjustments.AdjustAsync(db, flash, flashStock - onHand, "received", "flash sale", null, now, default);
    if (db.Provider == DatabaseProvider.Postgres) await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE;");
    var slugs = await db.Products.Where(p => p.Published).OrderBy(p => p.Id).Select(p => p.Slug).Take(2000).ToArrayAsync();
    var categories = await db.Categories.Select(c => c.Slug).ToArrayAsync();
    return new BenchData(pool, flash, flashStock, slugs, categories, "");
}

static async Task<string> CreateDiscountAsync(string baseUrl)
{
    using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
    var token = await http.PostAsJsonAsync("/auth/token", new { email = "bench@engineroom.local", password = "bench-password-1" });
    token.EnsureSuccessStatusCode();
    var access = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
    http.DefaultRequestHeaders.Authorization = new("Bearer", access);
    var created = await http.PostAsJsonAsync("/admin/discounts", new { code = "BENCH10", name = "Bench 10% off", kind = "percentage", percentBps = 1000 });
    if (!created.IsSuccessStatusCode) throw new InvalidOperationException($"Creating the discount failed: {await created.Content.ReadAsStringAsync()}");
    return "BENCH10";
}

static async Task RunServerCommandAsync(string serverDll, string[] arguments)
{
    var start = new ProcessStartInfo("dotnet", [serverDll, .. arguments])
    {
        WorkingDirectory = Path.GetDirectoryName(serverDll)!, RedirectStandardOutput = true, RedirectStandardError = true,
    };
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', arguments.TakeLast(1))} failed: {await error}{await output}");
}

static void Print(ScenarioReport r, PgBenchResult ceiling, OwnSql? ownSql)
{
    Console.WriteLine($"{r.Scenario}: {r.RequestsPerSecond:F0} req/s, {r.OrdersPerSecond:F1} orders/s, p50 {r.P50:F1} ms, p95 {r.P95:F1} ms, p99 {r.P99:F1} ms, " +
        $"errors {Errors(r)}, max RSS {r.MaxRssMb} MB, CPU {string.Join(' ', r.CpuShares.Select(kv => $"{kv.Key} {kv.Value:P0}"))}");
    foreach (var op in r.Operations) Console.WriteLine($"    {op.Name,-10} {op.Count,8} requests {op.PerSecond,8:F0}/s  p50 {op.P50,6:F1}  p95 {op.P95,6:F1}  p99 {op.P99,6:F1} ms");
    if (r.Scenario is "checkout" or "buy-now" && ceiling.Tps > 0) Console.WriteLine($"    = {r.OrdersPerSecond / ceiling.Tps:P1} of the pgbench ceiling ({ceiling.Tps:F0} tps)");
    if (r.OrdersPerSecond > 0) Console.WriteLine($"    CPU per order: server {r.CpuMsPerOrder("server"):F2} ms, postgres {r.CpuMsPerOrder("postgres"):F2} ms");
    if (r.Scenario is "buy-now" && ownSql is not null && ceiling.Tps > 0) Console.WriteLine($"    = {r.OrdersPerSecond / ownSql.AsSent.Tps:P1} of its own SQL through pgbench ({ownSql.AsSent.Tps:F0} tps)");
    if (r.Fault is { } f) PrintFault(f);
    if (r.Webhooks is { } w) Console.WriteLine($"    webhooks: {w.Delivered} delivered in the window, {w.PerSecond}/s; commit to delivery p50 {w.LagP50Ms} ms, " +
        $"p95 {w.LagP95Ms} ms, p99 {w.LagP99Ms} ms; backlog {(w.DrainedAfterSeconds is { } d ? $"drained {d} s after the load" : $"not drained in 60 s ({w.Undelivered} left)")}");
    if (r.Kill is { } k) Console.WriteLine($"    after the kill: {k.RequestsPerSecondAfter} req/s, {k.OrdersPerSecondAfter} orders/s, {k.ErrorsAfter} errors");
    foreach (var c in r.Checks) Console.WriteLine($"    [{(c.Ok ? "ok" : "FAILED")}] {c.Name}: {c.Detail}");
}

static void PrintFault(FaultReport f)
{
    Console.WriteLine($"    fault: {f.Fault}; gone at {f.DownAtSeconds} s, back at {f.BackAtSeconds} s; {f.RetriedAnswers} requests retried with their key");
    Console.WriteLine($"    orders answered per second (second: count, * = database gone): " + string.Join(" ", f.OrdersPerSecond.Select((n, s) =>
        $"{s}:{n}{(s + 1 > f.DownAtSeconds && s < f.BackAtSeconds ? "*" : "")}")));
    Console.WriteLine($"    recovery: {(f.RecoverySeconds is { } r ? $"{r} s" : "not within the window")} after the database returned to reach 80% of " +
        $"the {f.PreFaultOrdersPerSecond} orders/s before the fault");
    Console.WriteLine($"    /health/ready: {string.Join("; ", f.Readiness)}");
}

static string Errors(ScenarioReport r) => r.Errors.Count == 0 ? "none" : string.Join(", ", r.Errors.Select(kv => $"{kv.Key} x{kv.Value}"));

static string Table(BenchSummary s)
{
    var lines = new List<string>
    {
        $"{s.Provider}, {s.Instances} instance(s){(s.Nginx ? " behind nginx" : "")}, {s.Concurrency} customers, {s.Seconds} s, {s.Cores} cores, fsync {(s.Durable ? "on" : "off")}; " +
        $"pgbench ceiling {s.Ceiling.Tps:F0} tps{(s.OwnSql is { } own ? $"; EngineRoom's Buy Now SQL through pgbench {own.AsSent.Tps:F0} tps as sent ({own.AsSent.Tps / s.Ceiling.Tps:P1}), " +
            $"{own.FewestRoundTrips.Tps:F0} tps in 3 round trips ({own.FewestRoundTrips.Tps / s.Ceiling.Tps:P1})" : "")}",
        "| scenario | req/s | orders/s | % of ceiling | p50 ms | p95 ms | p99 ms | errors | invariants | max RSS MB | CPU loadgen / server / postgres / nginx | CPU-ms per order server + postgres |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|---:|---|---:|",
    };
    foreach (var r in s.Scenarios)
        lines.Add($"| {r.Scenario} | {r.RequestsPerSecond:F0} | {r.OrdersPerSecond:F1} | {(r.OrdersPerSecond > 0 && s.Ceiling.Tps > 0 ? (r.OrdersPerSecond / s.Ceiling.Tps).ToString("P1") : "")} | " +
                  $"{r.P50:F1} | {r.P95:F1} | {r.P99:F1} | {Errors(r)} | {(r.Checks.Count == 0 ? "-" : r.Checks.All(c => c.Ok) ? "hold" : "FAILED")} | {r.MaxRssMb} | " +
                  $"{string.Join(" / ", new[] { "loadgen", "server", "postgres", "nginx" }.Select(k => r.CpuShares.GetValueOrDefault(k).ToString("P0")))} | " +
                  $"{(r.OrdersPerSecond > 0 ? $"{r.CpuMsPerOrder("server"):F1} + {r.CpuMsPerOrder("postgres"):F1}" : "")} |");
    var hooked = s.Scenarios.Where(r => r.Webhooks is not null).ToList();
    if (hooked.Count > 0)
    {
        lines.AddRange(["", "| run | webhooks/s | commit to delivery p50 ms | p95 ms | p99 ms | backlog drained after the load |", "|---|---:|---:|---:|---:|---|"]);
        lines.AddRange(hooked.Select(r => r.Webhooks!).Zip(hooked, (w, r) => $"| {r.Scenario} | {w.PerSecond} | {w.LagP50Ms} | {w.LagP95Ms} | {w.LagP99Ms} | " +
            $"{(w.DrainedAfterSeconds is { } d ? $"{d} s" : $"no ({w.Undelivered} left after 60 s)")} |"));
    }
    return string.Join(Environment.NewLine, lines);
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EngineRoom.slnx"))) dir = dir.Parent;
    return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
}

sealed record BenchOptions(string Provider, int Instances, bool Nginx, string[] Scenarios, int Seconds, int WarmupSeconds, int Concurrency,
    int Skus, int FlashBuyers, int PgBenchSeconds, double? KillAfter, bool NoFsync, int? Pool, FaultPlan? Fault, int ColdSeconds, int ProviderLatencyMs,
    string? ServerDll, bool Webhooks, double Rate, double WebhookRate, bool Analytics, bool AnalyzeAfterWarmup)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => int.TryParse(Arg(name), out var v) ? v : fallback;
        double? Num(string name) => double.TryParse(Arg(name), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
        var provider = Arg("--provider") ?? "postgres";
        if (provider is not ("postgres" or "sqlite")) throw new ArgumentException("--provider is postgres or sqlite.");
        var instances = Int("--instances", 1);
        if (provider == "sqlite" && instances > 1) throw new ArgumentException("SQLite is the single-instance embedded default; --instances needs postgres.");
        var scenarios = (Arg("--scenarios") ?? string.Join(',', global::Scenarios.All)).Split(',', StringSplitOptions.TrimEntries);
        if (scenarios.FirstOrDefault(s => !global::Scenarios.All.Contains(s) && !global::Scenarios.Extra.Contains(s)) is { } unknown) throw new ArgumentException($"Unknown scenario {unknown}.");
        return new BenchOptions(provider, instances, Nginx: args.Contains("--instances") || args.Contains("--nginx"), scenarios,
            Int("--seconds", 20), Int("--warmup", 15), Int("--concurrency", 64), Int("--skus", 10_000), Int("--flash-buyers", 1000),
            Int("--pgbench-seconds", 15), double.TryParse(Arg("--kill-after"), System.Globalization.CultureInfo.InvariantCulture, out var k) ? k : null,
            args.Contains("--no-fsync"), int.TryParse(Arg("--pool"), out var pool) ? pool : null,
            Num("--pg-restart-after") is { } restart ? new FaultPlan("pg-restart", restart, Num("--pg-down-seconds") ?? 5, Arg("--pg-stop-mode") ?? "fast")
            : Num("--cut-db-after") is { } cut ? new FaultPlan("cut", cut, Num("--cut-seconds") ?? 5, Arg("--cut-mode") ?? "reset") : null,
            Int("--cold-seconds", 0), Int("--provider-latency-ms", 0), Arg("--server-dll") is { } dll ? Path.GetFullPath(dll) : null,
            args.Contains("--webhooks"), Num("--rate") ?? 0, Num("--webhook-rate") ?? 100,
            (Arg("--analytics") ?? "on") switch { "on" => true, "off" => false, _ => throw new ArgumentException("--analytics is on or off.") },
            !args.Contains("--no-analyze"));
    }
}

sealed record OperationReport(string Name, int Count, double PerSecond, double P50, double P95, double P99);
sealed record KillReport(double AtSeconds, int Pid, double RequestsPerSecondAfter, double OrdersPerSecondAfter, int ErrorsAfter);

sealed record ScenarioReport(string Scenario, double Seconds, int Requests, double RequestsPerSecond, int Orders, double OrdersPerSecond,
    double P50, double P95, double P99, IReadOnlyDictionary<string, int> Errors, IReadOnlyList<OperationReport> Operations,
    IReadOnlyDictionary<string, double> CpuShares, long MaxRssMb, KillReport? Kill, FaultReport? Fault, IReadOnlyList<Check> Checks,
    WebhookReport? Webhooks = null)
{
    public static ScenarioReport From(string scenario, Recorder recorder, TimeSpan elapsed, int orders, Dictionary<string, double> cpu,
        List<ServerInstance> servers, KillReport? kill, FaultReport? fault)
    {
        var all = recorder.All.Order().ToArray();
        var seconds = elapsed.TotalSeconds;
        var operations = recorder.ByOperation.OrderByDescending(kv => kv.Value.Length).Select(kv => new OperationReport(kv.Key, kv.Value.Length,
            Math.Round(kv.Value.Length / seconds, 1), R(Percentiles.Of(kv.Value, 0.50)), R(Percentiles.Of(kv.Value, 0.95)), R(Percentiles.Of(kv.Value, 0.99)))).ToList();
        return new ScenarioReport(scenario, Math.Round(seconds, 2), all.Length, Math.Round(all.Length / seconds, 1), orders, Math.Round(orders / seconds, 1),
            R(Percentiles.Of(all, 0.50)), R(Percentiles.Of(all, 0.95)), R(Percentiles.Of(all, 0.99)),
            recorder.Errors.OrderByDescending(kv => kv.Value).ToDictionary(), operations, cpu,
            servers.Max(s => s.MaxRssBytes) / (1024 * 1024), kill, fault, []);
    }

    private static double R(double v) => Math.Round(v, 1);

    /// <summary>CPU time a process spent per order over the measured window: its share of all cores, times the cores, over orders/s.</summary>
    public double CpuMsPerOrder(string process) => OrdersPerSecond <= 0 ? 0 : CpuShares.GetValueOrDefault(process) * Environment.ProcessorCount * 1000 / OrdersPerSecond;
}

sealed record BenchSummary(DateTimeOffset At, string Provider, int Instances, bool Nginx, int Concurrency, int Seconds, int Cores, bool Durable,
    PgBenchResult Ceiling, OwnSql? OwnSql, IReadOnlyList<ScenarioReport> Scenarios, int WarmupSeconds, int ColdSeconds, int ProviderLatencyMs);

/// <summary>EngineRoom's Buy Now SQL through pgbench: as the server sends it, and the same writes in 3 round trips.</summary>
sealed record OwnSql(PgBenchResult AsSent, PgBenchResult FewestRoundTrips);

/// <summary>Reads each server's resident memory every 200 ms while a scenario runs.</summary>
sealed class MemorySampler
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public MemorySampler(List<ServerInstance> servers) => _loop = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            foreach (var s in servers) s.SampleMemory();
            try { await Task.Delay(200, _stop.Token); } catch (OperationCanceledException) { }
        }
    });

    public async Task Stop()
    {
        await _stop.CancelAsync();
        await _loop;
    }
}

/// <summary>What PostgreSQL ran during a scenario (pg_stat_statements): the statements by total time, per order.</summary>
static class StatementReport
{
    public static async Task PrintAndResetAsync(string connectionString, int orders)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(); // the extension exists: ResetAsync made it before the first scenario
        await using var read = new Npgsql.NpgsqlCommand("""
            SELECT calls, total_exec_time, 100 * total_exec_time / sum(total_exec_time) OVER (), left(regexp_replace(query, '\s+', ' ', 'g'), 110)
            FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY total_exec_time DESC LIMIT 25
            """, connection);
        // Counted since the scenario began, warm-up included: read the calls and the shares, not per-order figures.
        Console.WriteLine($"    statements by execution time since the scenario began ({orders} orders measured): calls, ms/call, % of all execution time");
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                Console.WriteLine($"    {reader.GetInt64(0),8} {reader.GetDouble(1) / Math.Max(reader.GetInt64(0), 1),7:F3} {reader.GetDouble(2),5:F1}%  {reader.GetString(3)}");
        await ResetAsync(connectionString);
    }

    public static async Task ResetAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new Npgsql.NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", connection)) await create.ExecuteNonQueryAsync();
        await using var reset = new Npgsql.NpgsqlCommand("SELECT pg_stat_statements_reset()", connection);
        await reset.ExecuteNonQueryAsync();
    }
}
