using System.Collections.Concurrent;
using System.Diagnostics;

/// <summary>
/// A fault injected into a checkout or buy-now run: PostgreSQL stopped and started again (<c>--pg-restart-after</c>),
/// or the line between the server(s) and PostgreSQL cut at the <see cref="FaultProxy"/> (<c>--cut-db-after</c>).
/// </summary>
sealed record FaultPlan(string Kind, double AfterSeconds, double DownSeconds, string Mode)
{
    public string Describe => Kind == "pg-restart"
        ? $"PostgreSQL stopped (-m {Mode}) at {AfterSeconds} s, started again {DownSeconds} s after it stopped"
        : $"server-database line cut ({Mode}) at {AfterSeconds} s for {DownSeconds} s";

    /// <summary>Breaks the database; returns when it is back (for a restart: when pg_ctl says it accepts connections).</summary>
    public async Task<(TimeSpan Down, TimeSpan Back)> InjectAsync(ThrowawayPostgres pg, FaultProxy? proxy, Stopwatch window)
    {
        var down = window.Elapsed;
        if (Kind == "pg-restart")
        {
            await pg.StopAsync(Mode); // from its start it refuses new sessions; -m fast then waits for a checkpoint
            Console.WriteLine($"  pg_ctl stop -m {Mode} took {(window.Elapsed - down).TotalSeconds:F1} s");
            await Task.Delay(TimeSpan.FromSeconds(DownSeconds));
            await pg.RestartAsync();
            Npgsql.NpgsqlConnection.ClearAllPools(); // the harness's own pooled connections (checks) died with the server
        }
        else
        {
            proxy!.Cut(Mode == "blackhole" ? CutMode.Blackhole : CutMode.Reset);
            await Task.Delay(TimeSpan.FromSeconds(DownSeconds));
            proxy.Restore();
        }
        return (down, window.Elapsed);
    }
}

/// <summary>What a fault run saw: when the database went and came back, readiness per instance, the orders series.</summary>
sealed record FaultReport(string Fault, double DownAtSeconds, double BackAtSeconds, double PreFaultOrdersPerSecond,
    double? RecoverySeconds, IReadOnlyList<int> OrdersPerSecond, IReadOnlyList<string> Readiness, int RetriedAnswers)
{
    /// <summary>
    /// Recovery: from the database's return until the first whole second (counted from the return) in which the orders
    /// answered reach 80% of the mean before the fault. Null when that never happened within the window.
    /// </summary>
    public static FaultReport From(FaultPlan plan, TimeSpan down, TimeSpan back, TimeSpan window, long[] orderTicks, long windowStart,
        IReadOnlyList<string> readiness, int retried)
    {
        double At(long ticks) => Stopwatch.GetElapsedTime(windowStart, ticks).TotalSeconds;
        var times = orderTicks.Select(At).Where(t => t >= 0 && t < window.TotalSeconds).ToArray();
        var series = Enumerable.Range(0, (int)Math.Floor(window.TotalSeconds)).Select(s => times.Count(t => t >= s && t < s + 1)).ToList();
        var before = times.Count(t => t < down.TotalSeconds) / Math.Max(1, down.TotalSeconds);
        double? recovery = null;
        for (var k = 0; back.TotalSeconds + k + 1 <= window.TotalSeconds; k++)
        {
            var from = back.TotalSeconds + k;
            if (times.Count(t => t >= from && t < from + 1) >= 0.8 * before) { recovery = k + 1; break; }
        }
        return new FaultReport(plan.Describe, Math.Round(down.TotalSeconds, 2), Math.Round(back.TotalSeconds, 2), Math.Round(before, 1),
            recovery, series, readiness, retried);
    }
}

/// <summary>
/// Polls <c>/health/ready</c> on every instance every 200 ms (3 s timeout: no answer counts as not ready) and keeps the
/// transitions, stamped in seconds of the measured window.
/// </summary>
sealed class ReadinessProbe
{
    private readonly ConcurrentQueue<string> _changes = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops;

    public ReadinessProbe(IEnumerable<int> ports, Stopwatch window) => _loops = ports.Select(port => Task.Run(async () =>
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) }; // the server bounds its check at 2 s
        string? last = null;
        while (!_stop.IsCancellationRequested)
        {
            var polled = window.Elapsed;
            string state;
            try { state = ((int)(await http.GetAsync($"http://127.0.0.1:{port}/health/ready", _stop.Token)).StatusCode).ToString(); }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested) { break; }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { state = e is TaskCanceledException ? "no answer in 3 s" : "refused"; }
            if (state != last) _changes.Enqueue($"{polled.TotalSeconds:F1} s :{port} {state}");
            last = state;
            try { await Task.Delay(200, _stop.Token); } catch (OperationCanceledException) { }
        }
    })).ToList();

    public async Task<List<string>> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        return [.. _changes];
    }
}
