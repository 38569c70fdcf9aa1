using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace EngineRoom.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL the tests run against: <c>ENGINEROOM_TEST_POSTGRES</c> (a connection string to a server where
/// we may create databases) when set; otherwise a throwaway cluster started from the installed binaries (initdb in a
/// temp folder, a free port, removed at exit). As root it runs the cluster as the <c>postgres</c> OS user, because
/// PostgreSQL refuses to run as root.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<Task<string>> Server = new(StartAsync);
    private static string? _dataDir;
    private static string? _pgCtl;

    /// <summary>A new, empty database on the test server; its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var admin = await Server.Value;
        var name = $"er_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    private static async Task<string> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable("ENGINEROOM_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external)) return external;

        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries were not found (looked in /usr/lib/postgresql/*/bin and PATH). " +
            "Install them with: apt-get update && apt-get install -y postgresql  (or set ENGINEROOM_TEST_POSTGRES to a connection string).");
        _pgCtl = Path.Combine(bin, "pg_ctl");
        _dataDir = Path.Combine(Path.GetTempPath(), $"engineroom-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dataDir);
        var asRoot = Environment.UserName == "root"; // the effective user on Linux
        if (asRoot) await RunAsync("chown", ["postgres:postgres", _dataDir], asPostgres: false);

        var port = FreePort();
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", _dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], asRoot);
        // Durability settings are off: a test cluster trades crash safety for speed.
        var serverOptions = $"-p {port} -k {_dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
                            "-c full_page_writes=off -c max_connections=300";
        await RunAsync(_pgCtl, ["-D", _dataDir, "-o", serverOptions, "-l", Path.Combine(_dataDir, "server.log"), "-w", "-t", "60", "start"], asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(asRoot);
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Maximum Pool Size=100;Include Error Detail=true";
    }

    private static void Stop(bool asRoot)
    {
        if (_dataDir is null || _pgCtl is null) return;
        try { RunAsync(_pgCtl, ["-D", _dataDir, "-m", "immediate", "-w", "stop"], asRoot).GetAwaiter().GetResult(); }
        finally { try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { } }
    }

    private static string? FindBinaries()
    {
        IEnumerable<string> installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "pg_ctl"))).OrderByDescending(b => b, StringComparer.Ordinal)
            : [];
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Where(d => File.Exists(Path.Combine(d, "pg_ctl")) && File.Exists(Path.Combine(d, "initdb")));
        return installed.Concat(onPath).FirstOrDefault();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string[] args, bool asPostgres)
    {
        var start = asPostgres
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args])
            : new ProcessStartInfo(file, args);
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        start.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {await error}{await output}");
    }
}
