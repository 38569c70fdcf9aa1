using EngineRoom.Common;
using EngineRoom.Customers;
using EngineRoom.Customers.ApiKeys;

namespace EngineRoom.Inventory;

public sealed class InventoryOptions
{
    /// <summary>How long stock stays held for a checkout in progress.</summary>
    public int ReservationMinutes { get; set; } = 15;
    /// <summary>How often holds whose time ran out are looked for (by their holder: Checkout's HoldSweeper).</summary>
    public int SweepSeconds { get; set; } = 30;
}

/// <summary>Inventory: on-hand, reserved and available stock per SKU and location, movements, holds, backorder.</summary>
public static class InventoryModule
{
    public static IServiceCollection AddInventory(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<InventoryOptions>(config.GetSection("Inventory"));
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
