using EngineRoom.Common;
using EngineRoom.Customers;
using EngineRoom.Customers.ApiKeys;

namespace EngineRoom.Inventory;

/// <summary>Inventory: on-hand, reserved and available stock per SKU and location, movements, reservations, backorder.</summary>
public static class InventoryModule
{
    public static IServiceCollection AddInventory(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<InventoryOptions>(config.GetSection("Inventory"));
        services.AddSingleton<ReservationSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<ReservationSweeper>());
        return services;
    }

    public static IEndpointRouteBuilder MapInventory(this IEndpointRouteBuilder app)
    {
        // "/locations" is a literal segment, so it wins over "/{sku}": a SKU named "locations" is readable only by list.
        var inventory = app.MapGroup("/admin/inventory").WithTags("Inventory").RequireAuthorization(Policies.Staff).AllowApiKeys(ApiArea.Inventory)
            .EvictsCatalogCache(); // stock shows in the store's product lists and pages
        inventory.MapListInventory();
        inventory.MapListStockLocations();
        inventory.MapCreateStockLocation();
        inventory.MapGetInventory();
        inventory.MapUpdateInventorySettings();
        inventory.MapAdjustStock();
        inventory.MapCountStock();
        inventory.MapListStockMovements();
        return app;
    }
}
