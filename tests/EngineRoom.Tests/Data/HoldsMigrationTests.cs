using EngineRoom.Checkout;
using EngineRoom.Data;
using EngineRoom.Inventory;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EngineRoom.Tests.Data;

/// <summary>
/// Migration AttemptCarriesItsHolds on a database with checkouts in flight: the held reservations of an unfinished
/// attempt move onto it, a finished attempt holds nothing, and stock held by no unfinished attempt is given back.
/// </summary>
public abstract class HoldsMigrationTests
{
    protected abstract Task<EngineRoomDb> NewDatabaseAsync();

    [Fact]
    public async Task Held_reservations_move_onto_their_unfinished_attempts_and_the_rest_is_given_back()
    {
        await using var db = await NewDatabaseAsync();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("CartsCustomerIndexPartial"); // the migration before
        var (inFlight, waiting, completed, failed) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var now = DateTimeOffset.UtcNow;
        var expires = now.AddMinutes(15);
        // Written as the old code wrote them: on hand 10 of A and 5 of B, 2+1 held by the attempt in flight, 3 by the one
        // waiting on the customer, 1 still marked held by a failed attempt (a release that never finished).
        db.StockLevels.AddRange(new StockLevel { Sku = "A", LocationId = StockLocation.DefaultId, OnHand = 10, Reserved = 6 },
            new StockLevel { Sku = "B", LocationId = StockLocation.DefaultId, OnHand = 5, Reserved = 1 });
        await db.SaveChangesAsync();
        foreach (var (id, status) in new[] { (inFlight, AttemptStatus.Authorizing), (waiting, AttemptStatus.AwaitingAction), (completed, AttemptStatus.Completed), (failed, AttemptStatus.Failed) })
            await AddAttemptAsync(db, id, status, now, status == AttemptStatus.AwaitingAction ? now : null); // the model's new columns are not there yet
        await AddReservationAsync(db, inFlight, "A", 2, 0, expires);
        await AddReservationAsync(db, inFlight, "B", 1, 0, expires);
        await AddReservationAsync(db, waiting, "A", 3, 0, expires);
        await AddReservationAsync(db, completed, "A", 4, 1, expires);
        await AddReservationAsync(db, failed, "A", 1, 0, expires);

        await migrator.MigrateAsync();

        db.ChangeTracker.Clear();
        var attempts = await db.CheckoutAttempts.AsNoTracking().ToDictionaryAsync(a => a.Id);
        Assert.Equal(HoldState.Held, attempts[inFlight].Hold);
        Assert.Equal([new StockHeld("A", StockLocation.DefaultId, 2), new StockHeld("B", StockLocation.DefaultId, 1)],
            StockHeld.Read(attempts[inFlight].Holds).OrderBy(h => h.Sku));
        Assert.NotNull(attempts[inFlight].ExpiresAt);
        Assert.Equal(HoldState.Held, attempts[waiting].Hold);
        Assert.Equal([new StockHeld("A", StockLocation.DefaultId, 3)], StockHeld.Read(attempts[waiting].Holds));
        Assert.Equal(HoldState.Sold, attempts[completed].Hold);
        Assert.Equal(HoldState.Released, attempts[failed].Hold);
        var reserved = await db.StockLevels.AsNoTracking().ToDictionaryAsync(l => l.Sku, l => l.Reserved);
        Assert.Equal(5, reserved["A"]); // 6 less the failed attempt's 1
        Assert.Equal(1, reserved["B"]);
    }

    private static Task AddAttemptAsync(EngineRoomDb db, Guid id, AttemptStatus status, DateTimeOffset now, DateTimeOffset? expires) =>
        db.Database.ExecuteSqlRawAsync("""
            INSERT INTO checkout_attempts ("Id", "Status", "CreatedAt", "UpdatedAt", "ExpiresAt") VALUES ({0}, {1}, {2}, {3}, EXPIRES)
            """.Replace("EXPIRES", expires is null ? "NULL" : "{2}"), db.Provider == DatabaseProvider.Sqlite ? [id.ToString().ToUpperInvariant(), (int)status, now.UtcTicks, now.UtcTicks] : [id, (int)status, now, now]);

    private static Task AddReservationAsync(EngineRoomDb db, Guid attempt, string sku, int quantity, int status, DateTimeOffset expires) =>
        db.Database.ExecuteSqlRawAsync("""
            INSERT INTO inventory_reservations ("Id", "AttemptId", "Sku", "LocationId", "Quantity", "Status", "CreatedAt", "ExpiresAt")
            VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7})
            """, db.Provider == DatabaseProvider.Sqlite
                ? [Guid.NewGuid().ToString().ToUpperInvariant(), attempt.ToString().ToUpperInvariant(), sku, StockLocation.DefaultId, quantity, status, expires.UtcTicks, expires.UtcTicks]
                : [Guid.NewGuid(), attempt, sku, StockLocation.DefaultId, quantity, status, expires, expires]);
}

public sealed class HoldsMigrationTestsOnSqlite : HoldsMigrationTests, IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"engineroom-migration-{Guid.NewGuid():N}.db");

    protected override Task<EngineRoomDb> NewDatabaseAsync() =>
        Task.FromResult<EngineRoomDb>(new SqliteEngineRoomDb(new DbContextOptionsBuilder<SqliteEngineRoomDb>().UseSqlite($"Data Source={_file}").Options));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }
}

public sealed class HoldsMigrationTestsOnPostgres : HoldsMigrationTests
{
    protected override async Task<EngineRoomDb> NewDatabaseAsync() =>
        new PostgresEngineRoomDb(new DbContextOptionsBuilder<PostgresEngineRoomDb>().UseNpgsql(await PostgresServer.CreateDatabaseAsync()).Options);
}
