using EngineRoom.Payments.Stripe;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EngineRoom.Payments;

/// <summary>
/// Payments: the provider chosen by <c>Payments:Provider</c> (<c>sandbox</c>, the default, or <c>stripe</c>) and the
/// provider's webhook. Call after AddCheckout, which still registers the sandbox (the merger moves that line here).
/// </summary>
public static class PaymentsModule
{
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<StripeOptions>().BindConfiguration("Stripe");
        var provider = config["Payments:Provider"]?.Trim() is { Length: > 0 } p ? p.ToLowerInvariant() : "sandbox";
        switch (provider)
        {
            case "sandbox": break;
            case "stripe":
                services.AddSingleton<IValidateOptions<StripeOptions>, StripeOptionsValidation>();
                services.AddOptions<StripeOptions>().ValidateOnStart(); // no keys, no start
                services.AddSingleton(StripeSetup.CreateClient);
                services.AddSingleton<StripePaymentProvider>();
                services.Replace(ServiceDescriptor.Singleton<IPaymentProvider>(sp => sp.GetRequiredService<StripePaymentProvider>()));
                break;
            default:
                throw new InvalidOperationException($"Payments:Provider '{provider}' is not one EngineRoom knows: use 'sandbox' or 'stripe'.");
        }
        return services;
    }

    public static IEndpointRouteBuilder MapPayments(this IEndpointRouteBuilder app)
    {
        app.MapReceiveStripeEvent();
        return app;
    }
}
