using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace EngineRoom.Data;

public sealed class SqliteEngineRoomDb(DbContextOptions<SqliteEngineRoomDb> options) : EngineRoomDb(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    // SQLite has no timestamp type; EF cannot compare or order DateTimeOffset stored as text. UTC ticks in an
    // INTEGER compare and sort correctly. All our timestamps are UTC (they come from TimeProvider.GetUtcNow()).
    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        conventions.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        conventions.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks, ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteEngineRoomDb>
{
    public SqliteEngineRoomDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteEngineRoomDb>().UseSqlite("Data Source=design.db").Options);
}
