using EngineRoom.Customers;

namespace EngineRoom.Orders;

/// <summary>Orders: the customer's own orders, a guest's order by token, and staff's view of all orders.</summary>
public static class OrdersModule
{
    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        var store = app.MapGroup("/store").WithTags("Orders");
        store.MapListMyOrders();
        store.MapGetOrder();

        var admin = app.MapGroup("/admin").WithTags("Orders").RequireAuthorization(Policies.Staff);
        admin.MapListOrders();
        admin.MapGetOrderForStaff();
        return app;
    }
}
