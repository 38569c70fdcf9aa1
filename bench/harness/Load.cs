using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

/// <summary>What a scenario's requests answered: latencies per operation, errors by status and problem code, orders made.</summary>
sealed class Recorder
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _latencies = new();
    private readonly ConcurrentDictionary<string, int> _errors = new();
    public readonly ConcurrentBag<string> OrderIds = [];
    /// <summary>When each order was answered (Stopwatch timestamps): the per-second series of a fault run.</summary>
    public readonly ConcurrentQueue<long> OrderTimes = new();
    private int _retries;
    public int Retries => Volatile.Read(ref _retries);
    public void Retry() => Interlocked.Increment(ref _retries);
    public bool Recording { get; set; } = true;

    public void Latency(string operation, double ms)
    {
        if (Recording) _latencies.GetOrAdd(operation, _ => []).Add(ms);
    }

    public void Error(string key)
    {
        if (Recording) _errors.AddOrUpdate(key, 1, (_, n) => n + 1);
    }

    public void Order(string id)
    {
        OrderIds.Add(id); // always: the invariant check counts every order answered, warm-up included
        OrderTimes.Enqueue(Stopwatch.GetTimestamp());
    }

    /// <summary>Forgets latencies and errors (not orders: the invariant check counts them all), e.g. after the cold window.</summary>
    public void ClearMeasurements()
    {
        _latencies.Clear();
        _errors.Clear();
    }

    public IReadOnlyDictionary<string, int> Errors => _errors;
    public IEnumerable<double> All => _latencies.Values.SelectMany(v => v);
    public IReadOnlyDictionary<string, double[]> ByOperation => _latencies.ToDictionary(kv => kv.Key, kv => kv.Value.Order().ToArray());
    public int Requests => _latencies.Values.Sum(v => v.Count);
}

/// <summary>An HTTP answer the scenarios look at: status, and the JSON body when there is one.</summary>
readonly record struct Answer(HttpStatusCode Status, JsonElement Body)
{
    public bool Ok => (int)Status is >= 200 and < 300;
    public string Str(string name) => Body.GetProperty(name).GetString()!;
}

/// <summary>Sends requests, times them and files the outcome with the <see cref="Recorder"/>.</summary>
sealed class Client(HttpClient http, Recorder recorder)
{
    public Recorder Recorder => recorder;

    public Task<Answer?> GetAsync(string operation, string path) => SendAsync(operation, HttpMethod.Get, path, null, null);

    public Task<Answer?> PostAsync(string operation, string path, object body, string? idempotencyKey = null) =>
        SendAsync(operation, HttpMethod.Post, path, body, idempotencyKey);

    /// <summary>Null when the request failed (an error is recorded); otherwise the answer, 2xx or not.</summary>
    public async Task<Answer?> SendAsync(string operation, HttpMethod method, string path, object? body, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(JsonSerializer.Serialize(body, Json.Options), Encoding.UTF8, "application/json");
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            recorder.Latency(operation, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var json = bytes.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json") == true
                ? JsonDocument.Parse(bytes).RootElement : default;
            if (!response.IsSuccessStatusCode)
                recorder.Error($"{(int)response.StatusCode} {(json.ValueKind == JsonValueKind.Object && json.TryGetProperty("code", out var code) ? code.GetString() : "-")}");
            return new Answer(response.StatusCode, json);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            recorder.Latency(operation, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            recorder.Error($"transport {e.GetType().Name}");
            return null;
        }
    }
}

static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}

static class Percentiles
{
    public static double Of(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

/// <summary>CPU time and memory of processes, read from /proc (Linux).</summary>
static class ProcStats
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond; // utime, stime
        }
        catch (IOException) { return 0; }
    }

    public static long RssBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:"));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (IOException) { return 0; }
    }

    /// <summary>Pids whose command name is <paramref name="comm"/> (postgres, nginx).</summary>
    public static IEnumerable<int> ByName(string comm)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string name;
            try { name = File.ReadAllText(Path.Combine(dir, "comm")).Trim(); } catch (IOException) { continue; } catch (UnauthorizedAccessException) { continue; }
            if (name == comm) yield return pid;
        }
    }
}

/// <summary>CPU seconds used by each group of processes between two readings.</summary>
sealed class CpuMeter(Func<IReadOnlyDictionary<string, IEnumerable<int>>> groups)
{
    private Dictionary<string, double> _start = [];
    private long _startedAt;

    public void Start()
    {
        _start = Read();
        _startedAt = Stopwatch.GetTimestamp();
    }

    /// <summary>Each group's share of the machine's CPU (all cores) since <see cref="Start"/>.</summary>
    public Dictionary<string, double> Shares()
    {
        var wall = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds * Environment.ProcessorCount;
        return Read().ToDictionary(kv => kv.Key, kv => Math.Round((kv.Value - _start.GetValueOrDefault(kv.Key)) / wall, 3));
    }

    // Dead processes (a killed instance, postgres backends that ended) drop out; a share can read low, never high.
    private Dictionary<string, double> Read() => groups().ToDictionary(g => g.Key, g => g.Value.Sum(ProcStats.CpuSeconds));
}
