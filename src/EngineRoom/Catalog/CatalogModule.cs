using EngineRoom.Catalog.Admin;
using EngineRoom.Common;
using EngineRoom.Customers;
using EngineRoom.Customers.ApiKeys;

namespace EngineRoom.Catalog;

/// <summary>Catalog: products, variants, categories; the store's search and lists, the staff's editing.</summary>
public static class CatalogModule
{
    public static IServiceCollection AddCatalog(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<StoreOptions>().BindConfiguration("Store")
            .Validate(o => Currencies.IsKnown(o.Currency), "Store:Currency must be a known ISO 4217 code, e.g. USD.")
            .ValidateOnStart();
        return services.AddCatalogCache(config);
    }

    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder app)
    {
        var store = app.MapGroup("/store").WithTags("Catalog").AllowAnonymous().CacheOutput(CatalogCache.Policy);
        store.MapListProducts();
        store.MapGetProduct();
        store.MapListCategories();

        var admin = app.MapGroup("/admin").WithTags("Catalog admin").RequireAuthorization(Policies.Staff).AllowApiKeys(ApiArea.Catalog).EvictsCatalogCache();
        admin.MapListAdminProducts();
        admin.MapGetAdminProduct();
        admin.MapCreateProduct();
        admin.MapUpdateProduct();
        admin.MapDeleteProduct();
        admin.MapAddVariant();
        admin.MapUpdateVariant();
        admin.MapSetVariantPrices();
        admin.MapDeleteVariant();
        admin.MapCreateCategory();
        admin.MapUpdateCategory();
        admin.MapDeleteCategory();
        return app;
    }
}
