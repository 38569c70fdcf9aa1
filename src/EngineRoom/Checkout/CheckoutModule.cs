using EngineRoom.Common;
using EngineRoom.Customers;
using EngineRoom.Payments;
using EngineRoom.Payments.Sandbox;

namespace EngineRoom.Checkout;

/// <summary>Checkout and payments: Buy Now, cart checkout, checkouts waiting on the customer (3-D Secure), the sandbox provider, and recovery of interrupted attempts.</summary>
public static class CheckoutModule
{
    public static IServiceCollection AddCheckout(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<PaymentOptions>(config.GetSection("Payments"));
        services.Configure<CheckoutOptions>(config.GetSection("Checkout"));
        services.AddSingleton(SandboxStore.Shared);
        services.AddSingleton<IPaymentProvider, SandboxPaymentProvider>();
        services.AddScoped<PlaceOrder>();
        services.AddScoped<AwaitedCheckouts>();
        services.AddScoped<IPaymentEventHandler, FollowCheckoutPayments>();
        services.AddSingleton(CheckoutAdmission.From(config));
        services.AddScoped<CheckoutPlace>();
        services.AddSingleton<CheckoutRecovery>();
        services.AddHostedService(sp => sp.GetRequiredService<CheckoutRecovery>());
        services.AddSingleton<HoldSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<HoldSweeper>());
        return services;
    }

    public static IEndpointRouteBuilder MapCheckout(this IEndpointRouteBuilder app)
    {
        var store = app.MapGroup("/store").WithTags("Checkout").AllowGuestsOrCustomers();
        var carts = app.MapGroup("/store/carts").WithTags("Carts").AllowGuestsOrCustomers();
        carts.MapCheckoutCart();
        store.MapBuyNow().WithAbuseLimit(new("buy-now", l => l.BuyNowPerMinute));
        store.MapGetCheckout();
        store.MapCompleteCheckout();
        return app;
    }
}
