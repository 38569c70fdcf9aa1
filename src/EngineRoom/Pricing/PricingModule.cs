namespace EngineRoom.Pricing;

/// <summary>Pricing: discounts (codes and automatic promotions), shipping methods, tax rates, and the price calculation.</summary>
public static class PricingModule
{
    public static IServiceCollection AddPricing(this IServiceCollection services) => services.AddScoped<CartPricing>();

    public static IEndpointRouteBuilder MapPricing(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
