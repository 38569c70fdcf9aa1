using EngineRoom.Data;
using Microsoft.AspNetCore.Hosting;

namespace EngineRoom.Tests.Infrastructure;

/// <summary>One more server instance on an existing PostgreSQL database: two of them on one database are two instances behind a balancer.</summary>
public sealed class PostgresInstance(string connectionString) : EngineRoomApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    /// <summary>A started instance (migrated, bootstrap admin made).</summary>
    public static async Task<PostgresInstance> StartAsync(string connectionString)
    {
        var instance = new PostgresInstance(connectionString);
        await instance.InitializeAsync();
        return instance;
    }
    protected override Task<string> PrepareDatabaseAsync() => Task.FromResult(connectionString);

    protected override void UseDatabase(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", "postgres");
        builder.UseSetting("ConnectionStrings:Postgres", connectionString);
    }
}
