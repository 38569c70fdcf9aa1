using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace EngineRoom.Data;

/// <summary>
/// Chooses the provider from configuration: <c>Database:Provider</c> = <c>sqlite</c> (the embedded default, a file
/// in the data folder) or <c>postgres</c> (<c>ConnectionStrings:Postgres</c>).
/// </summary>
internal static class DatabaseSetup
{
    public static DatabaseProvider ReadProvider(IConfiguration config) =>
        (config["Database:Provider"] ?? "sqlite").Trim().ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
            var other => throw new InvalidOperationException($"Database:Provider '{other}' is not supported; use 'sqlite' or 'postgres'."),
        };

    /// <summary>The folder for the embedded database and the generated signing key (<c>DataDirectory</c>, default ./data).</summary>
    public static string DataDirectory(IConfiguration config, IHostEnvironment env)
    {
        var dir = Path.GetFullPath(config["DataDirectory"] ?? "data", env.ContentRootPath);
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(dir);
        else if (!Directory.Exists(dir)) Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return dir;
    }

    /// <summary>
    /// Contexts kept for reuse after a burst. EF's default keeps 1,024, which a 1,000-buyer flash sale fills and holds for
    /// good (max RSS in the mixed run after it: 325 MB with 1,024, 304 MB with 128). Not a limit on concurrency: beyond
    /// it, contexts are made and thrown away.
    /// </summary>
    private const int ContextsKept = 128;

    /// <remarks>Interceptors registered as <see cref="IInterceptor"/> services join every context (the tests count SQL commands this way).</remarks>
    public static IServiceCollection AddEngineRoomDb(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        if (ReadProvider(config) == DatabaseProvider.Postgres)
        {
            var connection = WithAutoPrepare(config.GetConnectionString("Postgres")
                ?? throw new InvalidOperationException("Database:Provider is 'postgres' but ConnectionStrings:Postgres is not set."));
            services.AddDbContextPool<EngineRoomDb, PostgresEngineRoomDb>((sp, o) => o.UseNpgsql(connection).AddInterceptors(sp.GetServices<IInterceptor>()), ContextsKept);
        }
        else
        {
            var synchronous = (config["Database:SqliteSynchronous"] ?? "NORMAL").ToUpperInvariant() switch
            {
                var s and ("NORMAL" or "FULL" or "EXTRA") => s,
                var other => throw new InvalidOperationException($"Database:SqliteSynchronous '{other}' must be NORMAL, FULL or EXTRA."),
            };
            var connection = config.GetConnectionString("Sqlite")
                ?? $"Data Source={Path.Combine(DataDirectory(config, env), "engineroom.db")}";
            OwnerOnly(connection);
            services.AddDbContextPool<EngineRoomDb, SqliteEngineRoomDb>((sp, o) => o.UseSqlite(connection)
                .AddInterceptors(sp.GetServices<IInterceptor>()).AddInterceptors(new SqlitePragmas(synchronous)), ContextsKept);
        }
        return services;
    }

    /// <summary>
    /// The database file holds customers, orders and password hashes: it is created readable and writable by its owner
    /// only (and an existing one is narrowed to that). SQLite gives its -wal and -shm files the database file's mode.
    /// </summary>
    private static void OwnerOnly(string connection)
    {
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection).DataSource;
        if (OperatingSystem.IsWindows() || file.Length == 0 || file == ":memory:" || connection.Contains("Mode=Memory", StringComparison.OrdinalIgnoreCase)) return;
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (!File.Exists(file))
            new FileStream(file, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = ownerOnly }).Dispose();
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            if (File.Exists(path) && File.GetUnixFileMode(path) != ownerOnly) File.SetUnixFileMode(path, ownerOnly);
    }

    /// <summary>
    /// Two pool settings, each kept when the connection string sets it. <c>Max Auto Prepare</c> 64: Npgsql prepares the
    /// statements a connection runs repeatedly (checkout runs the same ~20 every time), so PostgreSQL parses and plans
    /// each once per connection instead of once per call. <c>No Reset On Close</c> true: EngineRoom never leaves state
    /// on a session (no SET, temporary table, LISTEN or session advisory lock; its one advisory lock is
    /// transaction-scoped), so the reset Npgsql otherwise sends each time a pooled connection is returned (six
    /// statements, 58 of the 103 PostgreSQL received per Buy Now) does nothing but cost a round trip.
    /// </summary>
    internal static string WithAutoPrepare(string connection)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connection }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "")).ToList();
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connection);
        if (!given.Contains("MaxAutoPrepare", StringComparer.OrdinalIgnoreCase)) builder.MaxAutoPrepare = 64;
        if (!given.Contains("NoResetOnClose", StringComparer.OrdinalIgnoreCase)) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    /// <summary>
    /// Whether a fresh connection opens within <paramref name="limit"/> (readiness). On PostgreSQL the limit is Npgsql's
    /// own connect <c>Timeout</c>: Npgsql ignores cancellation while it waits for the server's startup answer, so a
    /// database that stopped answering (a network partition) kept <c>/health/ready</c> hanging 30 s and more.
    /// </summary>
    public static async Task<bool> CanConnectWithinAsync(this EngineRoomDb db, TimeSpan limit, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Postgres) return await db.Database.CanConnectAsync(ct);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(db.Database.GetConnectionString())
        {
            Pooling = false, Timeout = Math.Max(1, (int)Math.Ceiling(limit.TotalSeconds)), // unpooled: a pooled connection proves nothing
        };
        await using var connection = new Npgsql.NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            return true;
        }
        catch (Npgsql.NpgsqlException) { return false; }
    }

    public static async Task MigrateAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
        if (db.Provider == DatabaseProvider.Sqlite)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", ct); // persists in the file
        await db.Database.MigrateAsync(ct);
    }
}
