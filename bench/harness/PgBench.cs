using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

sealed record PgBenchResult(int Clients, int Seconds, double Tps, double AverageLatencyMs);

/// <summary>
/// The ceiling: PostgreSQL running a checkout-shaped transaction with nothing in between, driven by pgbench in its own
/// database of the same cluster. Per transaction: reserve 2 SKUs (conditional updates, in key order so two never
/// deadlock), insert an order, 2 lines, a payment and 2 ledger rows; prepared statements.
/// </summary>
static class PgBench
{
    private const string Schema = """
        CREATE TABLE stock (sku int PRIMARY KEY, on_hand bigint NOT NULL, reserved bigint NOT NULL);
        INSERT INTO stock SELECT g, 1000000000, 0 FROM generate_series(1, 10000) g;
        CREATE TABLE orders (id bigserial PRIMARY KEY, email text NOT NULL, total bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE order_lines (id bigserial PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders, sku int NOT NULL, quantity int NOT NULL, unit_price bigint NOT NULL);
        CREATE TABLE payments (id bigserial PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders, amount bigint NOT NULL, state text NOT NULL);
        CREATE TABLE ledger (id bigserial PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders, account text NOT NULL, amount bigint NOT NULL);
        VACUUM ANALYZE;
        """;

    private const string Script = """
        \set a random(1, 10000)
        \set b random(1, 10000)
        \set lo least(:a, :b)
        \set hi greatest(:a, :b)
        BEGIN;
        UPDATE stock SET reserved = reserved + 1 WHERE sku = :lo AND on_hand - reserved >= 1;
        UPDATE stock SET reserved = reserved + 1 WHERE sku = :hi AND on_hand - reserved >= 1;
        INSERT INTO orders (email, total) VALUES ('pgbench@bench.example', 4200) RETURNING id \gset
        INSERT INTO order_lines (order_id, sku, quantity, unit_price) VALUES (:id, :lo, 1, 2100), (:id, :hi, 1, 2100);
        INSERT INTO payments (order_id, amount, state) VALUES (:id, 4200, 'captured');
        INSERT INTO ledger (order_id, account, amount) VALUES (:id, 'receivable', 4200), (:id, 'revenue', -4200);
        COMMIT;
        """;

    public static async Task<PgBenchResult> RunAsync(ThrowawayPostgres pg, int clients, int seconds)
    {
        var connection = new NpgsqlConnectionStringBuilder(await pg.CreateDatabaseAsync($"pgbench_{Guid.NewGuid():N}"));
        await using (var db = new NpgsqlConnection(connection.ConnectionString))
        {
            await db.OpenAsync();
            foreach (var statement in Schema.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                await new NpgsqlCommand(statement, db).ExecuteNonQueryAsync();
        }
        var script = Path.GetTempFileName();
        await File.WriteAllTextAsync(script, Script);
        try
        {
            var pgbench = pg.BinDirectory is { } bin && File.Exists(Path.Combine(bin, "pgbench")) ? Path.Combine(bin, "pgbench") : "pgbench";
            var start = new ProcessStartInfo(pgbench, ["-n", "-M", "prepared", "-c", clients.ToString(), "-j", Environment.ProcessorCount.ToString(),
                "-T", seconds.ToString(), "-f", script, "-h", connection.Host!, "-p", connection.Port.ToString(), "-U", connection.Username!, connection.Database!])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var tps = Regex.Match(output, @"tps = ([\d.]+) \(without initial connection time\)");
            var latency = Regex.Match(output, @"latency average = ([\d.]+) ms");
            if (process.ExitCode != 0 || !tps.Success) throw new InvalidOperationException($"pgbench failed: {error}{output}");
            return new PgBenchResult(clients, seconds, double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture),
                latency.Success ? double.Parse(latency.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
        }
        finally { File.Delete(script); }
    }
}
