using EngineRoom.Data;
using Microsoft.AspNetCore.Hosting;

namespace EngineRoom.Tests.Infrastructure;

/// <summary>One more server instance on an existing PostgreSQL database: two of them on one database are two instances behind a balancer.</summary>
public sealed class PostgresInstance(string connectionString) : EngineRoomApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
    protected override Task<string> PrepareDatabaseAsync() => Task.FromResult(connectionString);

    protected override void UseDatabase(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", "postgres");
        builder.UseSetting("ConnectionStrings:Postgres", connectionString);
    }
}
