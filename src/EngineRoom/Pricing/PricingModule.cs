using EngineRoom.Customers;
using EngineRoom.Customers.ApiKeys;

namespace EngineRoom.Pricing;

/// <summary>Pricing: discounts (codes and automatic promotions), shipping methods, tax rates, and the price calculation.</summary>
public static class PricingModule
{
    public static IServiceCollection AddPricing(this IServiceCollection services) => services.AddScoped<CartPricing>();

    // Prices, discounts, shipping and tax are what the shop sells at what price: the catalog area for API keys.
    public static IEndpointRouteBuilder MapPricing(this IEndpointRouteBuilder app)
    {
        var discounts = app.MapGroup("/admin/discounts").WithTags("Pricing").RequireAuthorization(Policies.Staff).AllowApiKeys(ApiArea.Catalog);
        discounts.MapListDiscounts();
        discounts.MapGetDiscount();
        discounts.MapCreateDiscount();
        discounts.MapUpdateDiscount();
        discounts.MapDeleteDiscount();

        var shipping = app.MapGroup("/admin/shipping-methods").WithTags("Pricing").RequireAuthorization(Policies.Staff).AllowApiKeys(ApiArea.Catalog);
        shipping.MapListShippingMethods();
        shipping.MapGetShippingMethod();
        shipping.MapCreateShippingMethod();
        shipping.MapUpdateShippingMethod();

        var taxRates = app.MapGroup("/admin/tax-rates").WithTags("Pricing").RequireAuthorization(Policies.Staff).AllowApiKeys(ApiArea.Catalog);
        taxRates.MapListTaxRates();
        taxRates.MapSetTaxRate();
        taxRates.MapDeleteTaxRate();

        app.MapGroup("/store").WithTags("Pricing").AllowAnonymous().MapListStoreShippingMethods();
        return app;
    }
}
