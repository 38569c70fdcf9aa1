using EngineRoom.Customers;

namespace EngineRoom.Pricing;

/// <summary>Pricing: discounts (codes and automatic promotions), shipping methods, tax rates, and the price calculation.</summary>
public static class PricingModule
{
    public static IServiceCollection AddPricing(this IServiceCollection services) => services.AddScoped<CartPricing>();

    public static IEndpointRouteBuilder MapPricing(this IEndpointRouteBuilder app)
    {
        var discounts = app.MapGroup("/admin/discounts").WithTags("Pricing").RequireAuthorization(Policies.Staff);
        discounts.MapListDiscounts();
        discounts.MapGetDiscount();
        discounts.MapCreateDiscount();
        discounts.MapUpdateDiscount();
        discounts.MapDeleteDiscount();

        var shipping = app.MapGroup("/admin/shipping-methods").WithTags("Pricing").RequireAuthorization(Policies.Staff);
        shipping.MapListShippingMethods();
        shipping.MapGetShippingMethod();
        shipping.MapCreateShippingMethod();
        shipping.MapUpdateShippingMethod();

        var taxRates = app.MapGroup("/admin/tax-rates").WithTags("Pricing").RequireAuthorization(Policies.Staff);
        taxRates.MapListTaxRates();
        taxRates.MapSetTaxRate();
        taxRates.MapDeleteTaxRate();

        app.MapGroup("/store").WithTags("Pricing").AllowAnonymous().MapListStoreShippingMethods();
        return app;
    }
}
