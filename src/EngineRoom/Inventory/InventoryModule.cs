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
        return app;
    }
}
