using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

sealed record PgBenchResult(int Clients, int Seconds, double Tps, double AverageLatencyMs);

/// <summary>
/// PostgreSQL with nothing in between, driven by pgbench with prepared statements, on the same cluster as EngineRoom.
/// The scripts are in bench/pgbench/: the ceiling (a checkout-shaped transaction, in a database of its own), and
/// EngineRoom's own Buy Now SQL, as sent and in the fewest round trips, on a copy of the seeded database.
/// </summary>
static class PgBench
{
    public static async Task<PgBenchResult> CeilingAsync(ThrowawayPostgres pg, string root, int clients, int seconds)
    {
        var connection = await pg.CreateDatabaseAsync($"pgbench_{Guid.NewGuid():N}");
        await ExecuteAsync(connection, await File.ReadAllTextAsync(Script(root, "ceiling-schema.sql")));
        return await RunAsync(pg, connection, Script(root, "ceiling.sql"), clients, seconds);
    }

    /// <summary>EngineRoom's Buy Now SQL as sent, then the same writes in the fewest round trips, on a copy of the seeded database.</summary>
    public static async Task<(PgBenchResult AsSent, PgBenchResult Fewest)> OwnSqlAsync(ThrowawayPostgres pg, string root, string seeded, int clients, int seconds)
    {
        NpgsqlConnection.ClearAllPools(); // a database is copied only while nobody is connected to it
        var connection = await pg.CreateDatabaseAsync($"ownsql_{Guid.NewGuid():N}", template: new NpgsqlConnectionStringBuilder(seeded).Database);
        await ExecuteAsync(connection, await File.ReadAllTextAsync(Script(root, "engineroom-setup.sql")));
        return (await RunAsync(pg, connection, Script(root, "buy-now-as-sent.sql"), clients, seconds),
            await RunAsync(pg, connection, Script(root, "buy-now-fewest-round-trips.sql"), clients, seconds));
    }

    private static string Script(string root, string name) => Path.Combine(root, "bench", "pgbench", name);

    private static async Task ExecuteAsync(string connection, string statements)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        foreach (var statement in statements.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            await new NpgsqlCommand(statement, db).ExecuteNonQueryAsync();
    }

    private static async Task<PgBenchResult> RunAsync(ThrowawayPostgres pg, string connectionString, string script, int clients, int seconds)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var pgbench = pg.BinDirectory is { } bin && File.Exists(Path.Combine(bin, "pgbench")) ? Path.Combine(bin, "pgbench") : "pgbench";
        var start = new ProcessStartInfo(pgbench, ["-n", "-M", "prepared", "-c", clients.ToString(), "-j", Environment.ProcessorCount.ToString(),
            "-T", seconds.ToString(), "-f", script, "-h", connection.Host!, "-p", connection.Port.ToString(), "-U", connection.Username!, connection.Database!])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var tps = Regex.Match(await output, @"tps = ([\d.]+) \(without initial connection time\)");
        var latency = Regex.Match(await output, @"latency average = ([\d.]+) ms");
        if (process.ExitCode != 0 || !tps.Success) throw new InvalidOperationException($"pgbench {Path.GetFileName(script)} failed: {await error}{await output}");
        return new PgBenchResult(clients, seconds, double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture),
            latency.Success ? double.Parse(latency.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
    }
}
