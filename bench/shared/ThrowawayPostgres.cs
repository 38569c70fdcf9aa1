// Shared by the benchmarks (linked into each project): a PostgreSQL cluster started from the installed binaries.
using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;

static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// ENGINEROOM_BENCH_POSTGRES when set, else a throwaway cluster like the tests' (initdb in /tmp, removed after; run as
/// the postgres OS user when we are root, because PostgreSQL refuses to run as root).
/// </summary>
sealed class ThrowawayPostgres : IAsyncDisposable
{
    private string? _dataDir, _pgCtl;
    private string[] _start = [];
    private bool _asRoot;

    /// <summary>A connection string to the cluster's postgres database, as the postgres superuser.</summary>
    public string Admin { get; private set; } = "";
    public int Port { get; private set; }
    /// <summary>The folder with pg_ctl, pgbench and psql.</summary>
    public string? BinDirectory { get; private set; }

    /// <param name="durable">Keep fsync and synchronous commit on (production settings); off trades crash safety for speed.</param>
    public static async Task<ThrowawayPostgres> StartAsync(bool durable = false, int maxConnections = 100)
    {
        var pg = new ThrowawayPostgres();
        var bin = new[] { "/usr/local/bin", "/usr/bin" }.Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "bin")) : [])
            .FirstOrDefault(b => File.Exists(Path.Combine(b, "initdb")));
        pg.BinDirectory = bin;
        if (Environment.GetEnvironmentVariable("ENGINEROOM_BENCH_POSTGRES") is { Length: > 0 } external) { pg.Admin = external; return pg; }
        if (bin is null) throw new InvalidOperationException("PostgreSQL binaries not found (apt-get install -y postgresql).");
        pg._pgCtl = Path.Combine(bin, "pg_ctl");
        pg._dataDir = Path.Combine(Path.GetTempPath(), $"engineroom-bench-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(pg._dataDir);
        pg._asRoot = Environment.UserName == "root";
        if (pg._asRoot) await RunAsync("chown", ["postgres:postgres", pg._dataDir], false);
        var port = Ports.Free();
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", pg._dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], pg._asRoot);
        // Stock settings apart from shared_buffers (sized for the data set), connections, and durability when asked.
        var durability = durable ? "" : "-c fsync=off -c synchronous_commit=off ";
        pg._start = ["-D", pg._dataDir, "-o", $"-p {port} -k {pg._dataDir} -c listen_addresses=127.0.0.1 {durability}" +
            $"-c shared_buffers=512MB -c max_connections={maxConnections}" +
            // ENGINEROOM_BENCH_STATEMENTS=1: pg_stat_statements on, for the harness's per-scenario statement report.
            (Environment.GetEnvironmentVariable("ENGINEROOM_BENCH_STATEMENTS") == "1" ? " -c shared_preload_libraries=pg_stat_statements" : ""),
            "-l", Path.Combine(pg._dataDir, "server.log"), "-w", "-t", "60", "start"];
        await RunAsync(pg._pgCtl, pg._start, pg._asRoot);
        pg.Port = port;
        pg.Admin = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
        return pg;
    }

    /// <param name="template">A database to copy; it must have no open connections.</param>
    public async Task<string> CreateDatabaseAsync(string? name = null, string? template = null)
    {
        name ??= $"er_bench_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(Admin);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"{(template is null ? "" : $" TEMPLATE \"{template}\"")}", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(Admin) { Database = name }.ConnectionString;
    }

    /// <summary>Stops the cluster (a fault run): <c>fast</c> rolls back and disconnects every session, <c>immediate</c> is a crash.</summary>
    public Task StopAsync(string mode) => _dataDir is null || _pgCtl is null
        ? throw new InvalidOperationException("An external server (ENGINEROOM_BENCH_POSTGRES) is not ours to stop.")
        : RunAsync(_pgCtl, ["-D", _dataDir, "-m", mode, "-w", "-t", "60", "stop"], _asRoot);

    /// <summary>Starts it again after <see cref="StopAsync"/>, with the same settings and port.</summary>
    public Task RestartAsync() => RunAsync(_pgCtl!, _start, _asRoot);

    public async ValueTask DisposeAsync()
    {
        if (_dataDir is null || _pgCtl is null) return;
        await RunAsync(_pgCtl, ["-D", _dataDir, "-m", "immediate", "-w", "stop"], _asRoot);
        Directory.Delete(_dataDir, recursive: true);
    }

    private static async Task RunAsync(string file, string[] args, bool asPostgres)
    {
        var start = asPostgres ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args]) : new ProcessStartInfo(file, args);
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        start.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{Path.GetFileName(file)} failed: {await error}{await output}");
    }
}
