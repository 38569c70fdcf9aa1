using EngineRoom.Catalog;
using EngineRoom.Customers;
using EngineRoom.Inventory;
using EngineRoom.Pricing;
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
    public DbSet<Customers.ApiKeys.ApiKey> ApiKeys => Set<Customers.ApiKeys.ApiKey>();
    public DbSet<Customers.Accounts.AccountToken> AccountTokens => Set<Customers.Accounts.AccountToken>();
    public DbSet<Customers.Addresses.CustomerAddress> CustomerAddresses => Set<Customers.Addresses.CustomerAddress>();

    public DbSet<Product> Products => Set<Product>();
    public DbSet<Variant> Variants => Set<Variant>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<ProductPriceRange> ProductPriceRanges => Set<ProductPriceRange>();

    public DbSet<StockLevel> StockLevels => Set<StockLevel>();
    public DbSet<StockMovement> StockMovements => Set<StockMovement>();
    public DbSet<StockLocation> StockLocations => Set<StockLocation>();
    public DbSet<InventoryItem> InventoryItems => Set<InventoryItem>();

    public DbSet<Discount> Discounts => Set<Discount>();
    public DbSet<DiscountCustomerUsage> DiscountCustomerUsages => Set<DiscountCustomerUsage>();
    public DbSet<DiscountRedemption> DiscountRedemptions => Set<DiscountRedemption>();
    public DbSet<ShippingMethod> ShippingMethods => Set<ShippingMethod>();
    public DbSet<TaxRate> TaxRates => Set<TaxRate>();

    public DbSet<Common.Idempotency.IdempotencyRecord> IdempotencyRecords => Set<Common.Idempotency.IdempotencyRecord>();

    public DbSet<Common.Outbox.OutboxMessage> OutboxMessages => Set<Common.Outbox.OutboxMessage>();
    public DbSet<Payments.Payment> Payments => Set<Payments.Payment>();
    public DbSet<Payments.ProviderEvent> ProviderEvents => Set<Payments.ProviderEvent>();
    public DbSet<Orders.Order> Orders => Set<Orders.Order>();
    public DbSet<Orders.OrderLine> OrderLines => Set<Orders.OrderLine>();
    public DbSet<Orders.OrderEvent> OrderEvents => Set<Orders.OrderEvent>();
    public DbSet<Orders.Fulfillment> Fulfillments => Set<Orders.Fulfillment>();
    public DbSet<Orders.OrderReturn> OrderReturns => Set<Orders.OrderReturn>();
    public DbSet<Ledger.JournalEntry> JournalEntries => Set<Ledger.JournalEntry>();
    public DbSet<Ledger.Posting> Postings => Set<Ledger.Posting>();
    public DbSet<Checkout.CheckoutAttempt> CheckoutAttempts => Set<Checkout.CheckoutAttempt>();

    public DbSet<Carts.Cart> Carts => Set<Carts.Cart>();
    public DbSet<Carts.CartLine> CartLines => Set<Carts.CartLine>();

    public DbSet<Common.Audit.AuditEntry> AuditEntries => Set<Common.Audit.AuditEntry>();

    public DbSet<Webhooks.WebhookEndpoint> WebhookEndpoints => Set<Webhooks.WebhookEndpoint>();
    public DbSet<Webhooks.WebhookDelivery> WebhookDeliveries => Set<Webhooks.WebhookDelivery>();
    public DbSet<Webhooks.WebhookAttempt> WebhookAttempts => Set<Webhooks.WebhookAttempt>();

    public DbSet<Email.EmailMessage> EmailMessages => Set<Email.EmailMessage>();
    public DbSet<Analytics.SalesRollup> SalesRollups => Set<Analytics.SalesRollup>();
    public DbSet<Analytics.ProductRollup> ProductRollups => Set<Analytics.ProductRollup>();
    public DbSet<Analytics.DailyProductRollup> DailyProductRollups => Set<Analytics.DailyProductRollup>();
    public DbSet<Analytics.FunnelCount> FunnelCounts => Set<Analytics.FunnelCount>();
    public DbSet<Analytics.CountedMessage> CountedMessages => Set<Analytics.CountedMessage>();
    public DbSet<Analytics.CustomerFirstOrder> CustomerFirstOrders => Set<Analytics.CustomerFirstOrder>();
    public DbSet<Analytics.AnalyticsVersion> AnalyticsVersions => Set<Analytics.AnalyticsVersion>();

    public abstract DatabaseProvider Provider { get; }

    protected override void OnModelCreating(ModelBuilder model) =>
        model.ApplyConfigurationsFromAssembly(typeof(EngineRoomDb).Assembly);
}

public enum DatabaseProvider { Sqlite, Postgres }
