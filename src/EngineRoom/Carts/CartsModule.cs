using EngineRoom.Common;
using EngineRoom.Customers;

namespace EngineRoom.Carts;

/// <summary>Carts: guest and customer carts, lines, discount codes, details, server-computed totals. Checking a cart out is Checkout's (Checkout/CheckoutCart.cs).</summary>
public static class CartsModule
{
    public static IServiceCollection AddCarts(this IServiceCollection services) =>
        services.AddScoped<CartPricer>().AddScoped<IGuestCartMerge, CartMerge>().AddScoped<ICustomerCarts, CustomerCartErasure>();

    public static IEndpointRouteBuilder MapCarts(this IEndpointRouteBuilder app)
    {
        var carts = app.MapGroup("/store/carts").WithTags("Carts").AllowGuestsOrCustomers();
        carts.MapCreateCart().WithAbuseLimit(new("carts", l => l.CartsPerMinute));
        carts.MapGetCart();
        carts.MapAddCartItem();
        carts.MapUpdateCartItem();
        carts.MapRemoveCartItem();
        carts.MapApplyDiscountCode().WithAbuseLimit(new("discount-codes", l => l.DiscountCodesPerMinute, "cartId", l => l.DiscountCodesPerCartPerMinute));
        carts.MapRemoveDiscountCode();
        carts.MapUpdateCartDetails();
        return app;
    }
}
