using EngineRoom.Carts;
using EngineRoom.Checkout;
using EngineRoom.Common;
using EngineRoom.Common.Idempotency;
using EngineRoom.Customers;
using EngineRoom.Customers.Addresses;
using EngineRoom.Data;
using EngineRoom.Orders;
using EngineRoom.Orders.Actions;
using EngineRoom.Payments;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using Microsoft.Extensions.Options;

namespace EngineRoom.GraphQL;

/// <summary>
/// The mutations: each builds the REST request record, checks it with the record's own attributes, and calls the REST
/// handler, with the same checkout line and Idempotency-Key semantics (the key is an argument; the same key and input
/// sent to REST and here are one request). Refusals come back as userErrors.
/// </summary>
internal sealed class StoreMutation : ObjectGraphType
{
    public StoreMutation()
    {
        Name = "Mutation";

        Cart("createCart", c => c.Argument<StringGraphType>("currency"), (c, _) =>
            Run(c, c.Limited(nameof(CreateCart)), new CreateCart.Request(c.GetArgument<string?>("currency")), r => CreateCart.Handle(r, c.Caller(), c.Service<EngineRoomDb>(),
                c.Service<CartPricer>(), c.Service<IOptions<StoreOptions>>(), c.Service<TimeProvider>(), c.CancellationToken)));
        Cart("addCartItem", c => c.Argument<NonNullGraphType<StringGraphType>>("sku").Argument<NonNullGraphType<IntGraphType>>("quantity"), (c, cart) =>
            Run(c, null, new AddCartItem.Request(c.GetArgument<string>("sku"), c.GetArgument<int>("quantity")), r => AddCartItem.Handle(cart!, r, c.Caller(),
                c.Service<EngineRoomDb>(), c.Service<CartPricer>(), c.Service<TimeProvider>(), c.CancellationToken)));
        Cart("updateCartItem", c => c.Argument<NonNullGraphType<StringGraphType>>("sku").Argument<NonNullGraphType<IntGraphType>>("quantity"), (c, cart) =>
            Run(c, null, new UpdateCartItem.Request(c.GetArgument<int>("quantity")), r => UpdateCartItem.Handle(cart!, c.GetArgument<string>("sku"), r, c.Caller(),
                c.Service<EngineRoomDb>(), c.Service<CartPricer>(), c.Service<TimeProvider>(), c.CancellationToken)));
        Cart("removeCartItem", c => c.Argument<NonNullGraphType<StringGraphType>>("sku"), (c, cart) =>
            Run(c, null, c.GetArgument<string>("sku"), sku => RemoveCartItem.Handle(cart!, sku, c.Caller(), c.Service<EngineRoomDb>(), c.Service<CartPricer>(),
                c.Service<TimeProvider>(), c.CancellationToken)));
        Cart("applyDiscountCode", c => c.Argument<NonNullGraphType<StringGraphType>>("code"), (c, cart) =>
            Run(c, c.Limited(nameof(ApplyDiscountCode), cart), new ApplyDiscountCode.Request(c.GetArgument<string>("code")), r => ApplyDiscountCode.Handle(cart!, r, c.Caller(),
                c.Service<EngineRoomDb>(), c.Service<CartPricer>(), c.Service<TimeProvider>(), c.CancellationToken)));
        Cart("removeDiscountCode", c => c.Argument<NonNullGraphType<StringGraphType>>("code"), (c, cart) =>
            Run(c, null, c.GetArgument<string>("code"), code => RemoveDiscountCode.Handle(cart!, code, c.Caller(), c.Service<EngineRoomDb>(), c.Service<CartPricer>(),
                c.Service<TimeProvider>(), c.CancellationToken)));
        Cart("updateCartDetails", c => c.Argument<StringGraphType>("email").Argument<AddressInputType>("shippingAddress").Argument<StringGraphType>("shippingMethod"), (c, cart) =>
            Run(c, null, new UpdateCartDetails.Request(c.GetArgument<string?>("email"), c.GetArgument<Address?>("shippingAddress"), c.GetArgument<string?>("shippingMethod")),
                r => UpdateCartDetails.Handle(cart!, r, c.Caller(), c.Service<EngineRoomDb>(), c.Service<CartPricer>(), c.Service<TimeProvider>(), c.CancellationToken)));

        Order("checkoutCart", "Turns the cart into a paid order, as POST /store/carts/{cartId}/checkout.", f => f
                .Argument<NonNullGraphType<StringGraphType>>("cartId").Argument<NonNullGraphType<StringGraphType>>("paymentToken").Argument<StringGraphType>("email"),
            c =>
            {
                var cart = StoreQuery.CartId(c.GetArgument<string>("cartId"));
                var request = new CheckoutCart.Request(c.GetArgument<string>("paymentToken"), c.GetArgument<string?>("email"));
                return Checkout(c, null, request, CheckoutCart.IdempotencyResource(cart), $"/store/carts/{cart}/checkout", async () => await CheckoutCart.Handle(cart, request,
                    c.Caller(), c.Service<EngineRoomDb>(), c.Service<PlaceOrder>(), c.Service<CustomerCheckout>(), c.Http(), c.CancellationToken));
            });
        Order("buyNow", "Lines, contact, address, shipping and a payment token in one step, as POST /store/orders.", f => f
                .Argument<NonNullGraphType<BuyNowInputType>>("input"),
            c =>
            {
                var request = c.GetArgument<BuyNow.Request>("input");
                return Checkout(c, c.Limited(nameof(BuyNow)), request, BuyNow.IdempotencyResource(c.Caller(), request), "/store/orders", async () => await BuyNow.Handle(request, c.Caller(),
                    c.Service<PlaceOrder>(), c.Service<IOptions<StoreOptions>>(), c.Service<CustomerCheckout>(), c.Http(), c.CancellationToken));
            });

        // Staff: the /admin/orders actions, under the same policy and the same per-staff-member idempotency. The request
        // record is what REST binds from the body, null when no argument is given (a REST call without a body).
        Staff("cancelOrder", f => f.Argument<StringGraphType>("reason"), c => c.GetArgument<string?>("reason") is { } reason ? new CancelOrder.Request(reason) : null,
            async (c, id, request, http) => await CancelOrder.Handle(id, request, c.Caller(), c.Service<EngineRoomDb>(), c.Service<IPaymentProvider>(), c.Service<TimeProvider>(), http, c.CancellationToken), "cancel");
        Staff("captureOrderPayment", f => f.Argument<LongGraphType>("amount"), c => c.GetArgument<long?>("amount") is { } amount ? new CaptureOrderPayment.Request(amount) : null,
            async (c, id, request, http) => await CaptureOrderPayment.Handle(id, request, c.Caller(), c.Service<EngineRoomDb>(), c.Service<IPaymentProvider>(), c.Service<TimeProvider>(), http, c.CancellationToken), "capture");
        Staff("voidOrderPayment", f => f.Argument<StringGraphType>("reason"), c => c.GetArgument<string?>("reason") is { } reason ? new VoidOrderPayment.Request(reason) : null,
            async (c, id, request, http) => await VoidOrderPayment.Handle(id, request, c.Caller(), c.Service<EngineRoomDb>(), c.Service<IPaymentProvider>(), c.Service<TimeProvider>(), http, c.CancellationToken), "void");
        Staff("fulfilOrder", f => f.Argument<StringGraphType>("location").Argument<StringGraphType>("carrier").Argument<StringGraphType>("trackingNumber"),
            c => new FulfilOrder.Request(null, c.GetArgument<string?>("location"), c.GetArgument<string?>("carrier"), c.GetArgument<string?>("trackingNumber")) is var r
                 && (r.Location ?? r.Carrier ?? r.TrackingNumber) is not null ? r : null,
            async (c, id, request, _) => await FulfilOrder.Handle(id, request, c.Caller(), c.Service<EngineRoomDb>(), c.Service<TimeProvider>(), c.CancellationToken), "fulfillments");
        Staff("shipOrder", f => f.Argument<StringGraphType>("carrier").Argument<StringGraphType>("trackingNumber"),
            c => new ShipOrder.Request(c.GetArgument<string?>("carrier"), c.GetArgument<string?>("trackingNumber")) is var r && (r.Carrier ?? r.TrackingNumber) is not null ? r : null,
            async (c, id, request, _) => await ShipOrder.Handle(id, request, c.Caller(), c.Service<EngineRoomDb>(), c.Service<TimeProvider>(), c.CancellationToken), "ship");
        Staff("refundOrder", f => f.Argument<LongGraphType>("amount", "Minor units; or give lines, not both.")
                .Argument<ListGraphType<NonNullGraphType<BuyNowLineInputType>>>("lines", "Units of lines: what was paid for them comes back.")
                .Argument<BooleanGraphType>("restock", "Put the lines' units back on hand.").Argument<StringGraphType>("reason"),
            c => new RefundOrder.Request(c.GetArgument<long?>("amount"),
                c.GetArgument<List<BuyNow.Line>?>("lines")?.Select(l => new RefundOrder.Line(l.Sku, l.Quantity)).ToList(),
                c.GetArgument<bool>("restock"), c.GetArgument<string?>("reason")),
            async (c, id, request, http) => await RefundOrder.Handle(id, request!, c.Caller(), c.Service<EngineRoomDb>(), c.Service<IPaymentProvider>(),
                c.Service<TimeProvider>(), http, c.CancellationToken), "refunds");
        Staff<object>("deliverOrder", f => f, _ => null,
            async (c, id, _, _) => await DeliverOrder.Handle(id, c.Caller(), c.Service<EngineRoomDb>(), c.Service<TimeProvider>(), c.CancellationToken), "deliver");
    }

    private void Cart(string name, Func<FieldBuilder<object?, object>, FieldBuilder<object?, object>> arguments,
        Func<IResolveFieldContext, string?, Task<object?>> run)
    {
        var field = Field<CartPayloadType>(name).Description($"As the REST operation {char.ToUpperInvariant(name[0])}{name[1..]}.");
        if (name != "createCart") field.Argument<NonNullGraphType<StringGraphType>>("cartId", "The cart's REST id or global id.");
        arguments(field).ResolveAsync(async c => c.Payload<CartDto>(await Resolving.Guarded(() =>
            run(c, name == "createCart" ? null : StoreQuery.CartId(c.GetArgument<string>("cartId"))))));
    }

    private void Order(string name, string description, Func<FieldBuilder<object?, object>, FieldBuilder<object?, object>> arguments,
        Func<IResolveFieldContext, Task<object?>> run) =>
        arguments(Field<OrderPayloadType>(name).Description(description)
                .Argument<StringGraphType>("idempotencyKey", "As the Idempotency-Key header: a retry with the same key and input gets the same answer."))
            .ResolveAsync(async c => c.Payload<OrderDto>(await Resolving.Guarded(() => run(c))));

    private void Staff<TRequest>(string name, Func<FieldBuilder<object?, object>, FieldBuilder<object?, object>> arguments, Func<IResolveFieldContext, TRequest?> input,
        Func<IResolveFieldContext, Guid, TRequest?, HttpContext, Task<object?>> run, string path) where TRequest : class =>
        Order(name, $"Staff: POST /admin/orders/{{id}}/{path}.", f => arguments(f.Argument<NonNullGraphType<StringGraphType>>("id", "The order's REST id or global id.")), async c =>
        {
            await c.RequireAsync(Policies.Staff);
            var id = c.GetArgument<string>("id");
            if (GlobalId.TryParse(id, out var type, out var raw) && type == "Order") id = raw;
            if (!Guid.TryParse(id, out var orderId)) throw Resolving.NotFound();
            var request = input(c);
            if (request is not null && InputCheck.Check(request) is { } invalid) return invalid;
            var http = c.Http();
            // The request hash is REST's: method, path and the bound body, so one key sent to both APIs with one input replays.
            return c.GetArgument<string?>("idempotencyKey") is { } key
                ? await Idempotency.RunAsync(http, key, "", "POST", $"/admin/orders/{orderId}/{path}", request, () => run(c, orderId, request, http))
                : await run(c, orderId, request, http);
        });

    /// <summary>
    /// The request record checked with its own attributes, then the handler; a refusal is answered as REST's 400.
    /// <paramref name="limited"/>: the REST route's abuse limit refused this attempt (checked first, as REST's limiter runs before the endpoint).
    /// </summary>
    private static async Task<object?> Run<T, TResult>(IResolveFieldContext c, ProblemHttpResult? limited, T request, Func<T, Task<TResult>> handler) where T : notnull
    {
        if (limited is not null) return limited;
        if (InputCheck.Check(request) is { } invalid) return invalid;
        return await handler(request);
    }

    /// <summary>The checkout line first, then the idempotency key, then the handler: the REST endpoints' filter order.</summary>
    private static async Task<object?> Checkout(IResolveFieldContext c, ProblemHttpResult? limited, object request, string resource, string path, Func<Task<object?>> handler)
    {
        if (limited is not null) return limited;
        if (InputCheck.Check(request) is { } invalid) return invalid;
        var http = c.Http();
        var key = c.GetArgument<string?>("idempotencyKey");
        return await CheckoutAdmissionFilter.AdmitAsync(http, () => key is null ? handler() : Idempotency.RunAsync(http, key, resource, "POST", path, request, handler, claimedByHandler: true));
    }
}

internal sealed class BuyNowLineInputType : InputObjectGraphType<BuyNow.Line>
{
    public BuyNowLineInputType()
    {
        Name = "LineInput";
        Field(l => l.Sku);
        Field(l => l.Quantity);
    }
}

internal sealed class BuyNowInputType : InputObjectGraphType<BuyNow.Request>
{
    public BuyNowInputType()
    {
        Name = "BuyNowInput";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BuyNowLineInputType>>>>("lines");
        Field(r => r.PaymentToken).Description("A sandbox token such as tok_visa, or the provider's payment method.");
        Field(r => r.Email, nullable: true);
        Field(r => r.Currency, nullable: true);
        Field<AddressInputType>("shippingAddress");
        Field(r => r.ShippingMethod, nullable: true);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("discountCodes");
    }
}
