using System.Collections.Concurrent;
using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EngineRoom.Tests.Attack;

// The attack suite gets its own server and database per provider: it fuzzes, locks accounts and logs at Debug, none of
// which should reach the shared fixture the other tests use, and its row counts and log are then its own.
public sealed class SqliteAttackApp : SqliteApp
{
    public LogRecorder Log { get; } = new();
    public Secrets Secrets { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Webhooks:AllowPrivateNetworks", "true"); // the world's webhook endpoint is on loopback (World.cs)
        builder.ConfigureTestServices(services => services.AddLogging(l => l.AddProvider(Log).AddFilter<LogRecorder>(null, LogLevel.Debug)));
    }
}

public sealed class PostgresAttackApp : PostgresApp
{
    public LogRecorder Log { get; } = new();
    public Secrets Secrets { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Webhooks:AllowPrivateNetworks", "true"); // the world's webhook endpoint is on loopback (World.cs)
        builder.ConfigureTestServices(services => services.AddLogging(l => l.AddProvider(Log).AddFilter<LogRecorder>(null, LogLevel.Debug)));
    }
}

/// <summary>Everything the server logs at Debug and above (messages, structured values, exceptions and scopes), kept in memory.</summary>
public sealed class LogRecorder : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);
    public void Dispose() { }

    private sealed class Recorder(LogRecorder log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            log.Lines.Enqueue($"scope {category}: {Describe(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} | {Describe(state)} | {exception}");

        private static string Describe(object? state) => state is IEnumerable<KeyValuePair<string, object?>> values
            ? string.Join("; ", values.Select(v => $"{v.Key}={v.Value}"))
            : state?.ToString() ?? "";
    }
}

/// <summary>The passwords, tokens and card numbers the suite handed the server: none of them may appear in its log.</summary>
public sealed class Secrets
{
    private readonly ConcurrentDictionary<string, string> _all = new();
    public void Add(string what, string? value) { if (!string.IsNullOrEmpty(value)) _all.TryAdd(value, what); }
    public IReadOnlyDictionary<string, string> All => _all;
}
