using EngineRoom.Common.Idempotency;
using EngineRoom.Customers;
using EngineRoom.Customers.ApiKeys;
using EngineRoom.Orders.Actions;
using EngineRoom.Payments;

namespace EngineRoom.Orders;

/// <summary>Orders: the customer's own orders, a guest's order by token, and staff's view of all orders.</summary>
public static class OrdersModule
{
    /// <summary>Orders follow their payments' changes at the provider (its webhooks); guests' order links are signed with the signing key.</summary>
    public static IServiceCollection AddOrders(this IServiceCollection services) =>
        services.AddScoped<IPaymentEventHandler, FollowProviderPayments>()
            .AddSingleton(sp => new GuestOrderLinks(((Microsoft.IdentityModel.Tokens.SymmetricSecurityKey)sp
                .GetRequiredService<Microsoft.IdentityModel.Tokens.SigningCredentials>().Key).Key));

    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        var store = app.MapGroup("/store").WithTags("Orders");
        store.MapListMyOrders();
        store.MapGetOrder();

        store.MapGetOrderEvents();
        store.MapRequestReturn();

        var admin = app.MapGroup("/admin").WithTags("Orders").RequireAuthorization(Policies.Staff).AllowApiKeys(ApiArea.Orders);
        admin.MapListOrders();
        admin.MapGetOrderForStaff();
        admin.MapGetOrderEventsForStaff();

        // Staff actions: each idempotent per staff member with an Idempotency-Key.
        var actions = app.MapGroup("/admin/orders").WithTags("Order actions").RequireAuthorization(Policies.Staff).AllowApiKeys(ApiArea.Orders);
        foreach (var action in new[]
                 {
                     actions.MapCaptureOrderPayment(), actions.MapVoidOrderPayment(), actions.MapCancelOrder(), actions.MapRefundOrder(),
                     actions.MapFulfilOrder(), actions.MapShipOrder(), actions.MapDeliverOrder(), actions.MapReceiveReturn(),
                 })
            action.WithIdempotency(_ => ""); // bound to the staff member (or API key) who sent it
        return app;
    }
}
