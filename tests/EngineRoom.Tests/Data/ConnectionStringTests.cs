using EngineRoom.Data;
using Npgsql;

namespace EngineRoom.Tests.Data;

public sealed class ConnectionStringTests
{
    [Fact]
    public void PostgreSQL_statements_are_prepared_automatically_unless_the_connection_string_says_otherwise()
    {
        Assert.Equal(64, new NpgsqlConnectionStringBuilder(DatabaseSetup.WithAutoPrepare("Host=db;Database=shop")).MaxAutoPrepare);
        Assert.Equal(0, new NpgsqlConnectionStringBuilder(DatabaseSetup.WithAutoPrepare("Host=db;Max Auto Prepare=0")).MaxAutoPrepare);
        Assert.Equal(20, new NpgsqlConnectionStringBuilder(DatabaseSetup.WithAutoPrepare("Host=db;MaxAutoPrepare=20")).MaxAutoPrepare);
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithAutoPrepare("Host=db;Auto Prepare Min Usages=3"));
        Assert.Equal((64, 3), (tuned.MaxAutoPrepare, tuned.AutoPrepareMinUsages));
    }

    [Fact]
    public void Pooled_PostgreSQL_connections_are_not_reset_on_return_unless_the_connection_string_says_so()
    {
        Assert.True(new NpgsqlConnectionStringBuilder(DatabaseSetup.WithAutoPrepare("Host=db;Database=shop")).NoResetOnClose);
        Assert.False(new NpgsqlConnectionStringBuilder(DatabaseSetup.WithAutoPrepare("Host=db;No Reset On Close=false")).NoResetOnClose);
    }
}
