using EngineRoom.Catalog;
using EngineRoom.Customers;
using EngineRoom.Inventory;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Data;

/// <summary>
/// The one database context. Checkout writes order, reservations, ledger and outbox in one transaction, so the
/// modules share a context; each module owns its tables (prefixed with its name) and configures them in its own
/// folder. See docs/decisions/0001-one-dbcontext-two-providers.md.
/// </summary>
public abstract class EngineRoomDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<LoginThrottle> LoginThrottles => Set<LoginThrottle>();

    public DbSet<Product> Products => Set<Product>();
    public DbSet<Variant> Variants => Set<Variant>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<ProductPriceRange> ProductPriceRanges => Set<ProductPriceRange>();

    public DbSet<StockLevel> StockLevels => Set<StockLevel>();
    public DbSet<StockMovement> StockMovements => Set<StockMovement>();

    public abstract DatabaseProvider Provider { get; }

    protected override void OnModelCreating(ModelBuilder model) =>
        model.ApplyConfigurationsFromAssembly(typeof(EngineRoomDb).Assembly);
}

public enum DatabaseProvider { Sqlite, Postgres }
