using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace EngineRoom.Data;

public sealed class PostgresEngineRoomDb(DbContextOptions<PostgresEngineRoomDb> options) : EngineRoomDb(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresEngineRoomDb>
{
    public PostgresEngineRoomDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresEngineRoomDb>().UseNpgsql("Host=localhost;Database=design").Options);
}
