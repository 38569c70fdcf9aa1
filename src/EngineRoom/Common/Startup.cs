using EngineRoom.Analytics;
using EngineRoom.Catalog;
using EngineRoom.Customers;
using EngineRoom.Data;

namespace EngineRoom.Common;

/// <summary>What runs once before the server takes requests: migrations, the first admin, the demo catalog.</summary>
internal static class Startup
{
    public static async Task PrepareAsync(WebApplication app)
    {
        var config = app.Configuration;
        var embedded = DatabaseSetup.ReadProvider(config) == DatabaseProvider.Sqlite;

        // The embedded default migrates itself; a production database is migrated by the explicit `migrate` command
        // (or Database:MigrateOnStartup=true), so several instances never race to migrate it.
        if (config.GetValue("Database:MigrateOnStartup", embedded)) await app.Services.MigrateAsync();
        await BootstrapAdmin.EnsureAsync(app.Services, CancellationToken.None);
        await DemoCatalog.EnsureAsync(app.Services, CancellationToken.None);
        await DemoHistory.EnsureAsync(app.Services, CancellationToken.None); // shipping, tax and 30 days of orders (never in Production)

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var url = app.Urls.FirstOrDefault() ?? "http://localhost:5000";
            Console.WriteLine($"EngineRoom is ready on {url} (store API {url}/store/products, reference {url}/docs, demo shop {url}/shop).");
        });
    }
}
