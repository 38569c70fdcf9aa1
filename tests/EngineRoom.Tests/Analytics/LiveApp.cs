using EngineRoom.Data;
using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EngineRoom.Tests.Analytics;

/// <summary>
/// An instance on the real clock, so its background work runs as in production (the outbox's poll and wake, the live
/// poll): for measuring how soon a sale reaches a stream. Several on one database are instances behind a balancer.
/// </summary>
public sealed class LiveApp(DatabaseProvider provider, string database) : EngineRoomApp
{
    public override DatabaseProvider Provider => provider;

    public static async Task<LiveApp> StartAsync(DatabaseProvider provider, string database)
    {
        var app = new LiveApp(provider, database);
        await app.InitializeAsync();
        return app;
    }

    /// <summary>A new database for a group of instances: a PostgreSQL database, or a folder for one SQLite file.</summary>
    public static async Task<string> NewDatabaseAsync(DatabaseProvider provider) => provider == DatabaseProvider.Postgres
        ? await PostgresServer.CreateDatabaseAsync()
        : Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"engineroom-live-{Guid.NewGuid():N}")).FullName;

    protected override Task<string> PrepareDatabaseAsync() => Task.FromResult(database);

    protected override void UseDatabase(IWebHostBuilder builder)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            builder.UseSetting("Database:Provider", "postgres");
            builder.UseSetting("ConnectionStrings:Postgres", database);
        }
        else
        {
            builder.UseSetting("Database:Provider", "sqlite");
            builder.UseSetting("DataDirectory", database);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton(TimeProvider.System));
    }
}
