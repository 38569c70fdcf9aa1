using EngineRoom.Catalog;
using EngineRoom.Common;
using EngineRoom.Orders;
using EngineRoom.Payments;
using EngineRoom.Pricing;

namespace EngineRoom.Tests.Orders;

/// <summary>The order state machine as pure logic: every state against every action, on the entity alone, no database.</summary>
public sealed class OrderRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An order of 2 units at 1000 and its payment, captured unless <paramref name="manual"/>.</summary>
    private static (Order Order, Payment Payment) Place(bool manual)
    {
        var cart = new PricedCart("USD", [new PricedLine("SKU-1", 1000, 2, 2000, 0, 0, 2000)], 2000, 0, 0, 0, 0, 2000, [], []);
        var skus = new Dictionary<string, SkuInfo> { ["SKU-1"] = new("SKU-1", 1, "Product", null, 1000) };
        var order = Order.Place(Guid.NewGuid(), null, "o@example.com", null, manual ? OrderStatus.Authorized : OrderStatus.Paid, "USD", cart, skus,
            null, null, [], null, Now);
        var payment = new Payment
        {
            Id = Guid.NewGuid(), OrderId = order.Id, Provider = "test", ProviderPaymentId = "pay_1", Currency = "USD", Authorized = 2000,
            Captured = manual ? 0 : 2000, State = manual ? PaymentState.Authorized : PaymentState.Captured, CreatedAt = Now,
        };
        return (order, payment);
    }

    /// <summary>The action on the entity, then the provider's answer recorded on the payment, as the endpoints do.</summary>
    private static void Act(Order order, Payment payment, string action)
    {
        void Provider(long captured, long refunded) => payment.Record(new PaymentResult(PaymentState.Captured, "pay_1", payment.Authorized, captured, refunded));
        switch (action)
        {
            case "capture": Provider(payment.Captured + order.Capture(null, payment, Now), payment.Refunded); break;
            case "void": order.Void(payment, Now); payment.Record(new PaymentResult(PaymentState.Voided, "pay_1", 2000, 0, 0)); break;
            case "cancel": var c = order.Cancel(payment, Now); Provider(payment.Captured, payment.Refunded + c.Refund); break;
            case "refund": Provider(payment.Captured, payment.Refunded + order.Refund(100, null, false, payment, Now).Amount); break;
            case "full-refund": Provider(payment.Captured, payment.Refunded + order.Refund(2000, null, false, payment, Now).Amount); break;
            case "fulfil": order.Fulfil([("SKU-1", 1)], Now); break;
            case "ship": order.Ship(Now); break;
            case "deliver": order.Deliver(Now); break;
            default: throw new ArgumentOutOfRangeException(nameof(action));
        }
    }

    private static (Order, Payment) InState(string state)
    {
        var (order, payment) = Place(manual: state == "authorized");
        string[] steps = state switch
        {
            "authorized" or "paid" => [],
            "partially_refunded" => ["refund"],
            "partially_fulfilled" => ["fulfil"],
            "fulfilled" => ["fulfil", "fulfil"],
            "shipped" => ["fulfil", "fulfil", "ship"],
            "delivered" => ["fulfil", "fulfil", "ship", "deliver"],
            "cancelled" => ["cancel"],
            "refunded" => ["full-refund"],
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
        foreach (var step in steps) Act(order, payment, step);
        Assert.Equal(state, OrderDto.StatusName(order.Status));
        return (order, payment);
    }

    public static TheoryData<string, string, string?> Transitions() => OrderLifecycleTests.Transitions();

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Every_state_against_every_action(string state, string action, string? expected)
    {
        var (order, payment) = InState(state);
        if (expected is null)
        {
            var before = OrderDto.From(order);
            var broken = Assert.Throws<BusinessRuleException>(() => Act(order, payment, action));
            Assert.Equal(("invalid_transition", 409, state), (broken.Code, broken.Status, broken.Extensions["from"]));
            Assert.Equivalent(before, OrderDto.From(order));
        }
        else
        {
            Act(order, payment, action);
            Assert.Equal(expected, OrderDto.StatusName(order.Status));
        }
    }

    [Fact]
    public void A_refund_never_exceeds_what_is_left_of_the_capture_and_changes_nothing_when_refused()
    {
        var (order, payment) = InState("partially_refunded"); // 100 of 2000 refunded
        var broken = Assert.Throws<BusinessRuleException>(() => order.Refund(1901, null, false, payment, Now));
        Assert.Equal(("refund_exceeds_captured", 422), (broken.Code, broken.Status));
        Assert.Equal(1900, order.Refund(1900, null, false, payment, Now).Amount);
        Assert.Equal(OrderStatus.Refunded, order.Status);
    }

    [Fact]
    public void Refunds_by_line_take_what_was_paid_and_the_last_units_take_the_rest()
    {
        var (order, payment) = Place(manual: false);
        Assert.Throws<BusinessRuleException>(() => order.Refund(null, [("SKU-1", 3)], false, payment, Now));
        Assert.Throws<BusinessRuleException>(() => order.Refund(null, [("NOPE", 1)], false, payment, Now));
        var first = order.Refund(null, [("SKU-1", 1)], restock: true, payment, Now);
        Assert.Equal((1000L, 1), (first.Amount, first.Restock.Single().Quantity));
        Assert.Equal(1, order.Lines.Single().RestockedQuantity);
    }

    [Fact]
    public void Capture_is_limited_to_what_is_still_authorized()
    {
        var (order, payment) = Place(manual: true);
        Assert.Equal("capture_exceeds_authorized", Assert.Throws<BusinessRuleException>(() => order.Capture(2001, payment, Now)).Code);
        Assert.Equal(500, order.Capture(500, payment, Now));
        Assert.Equal(OrderStatus.Authorized, order.Status);
    }

    [Fact]
    public void A_void_after_a_partial_capture_is_refused()
    {
        var (order, payment) = Place(manual: true);
        payment.Record(new PaymentResult(PaymentState.Captured, "pay_1", 2000, order.Capture(500, payment, Now), 0));
        Assert.Equal("already_captured", Assert.Throws<BusinessRuleException>(() => order.Void(payment, Now)).Code);
    }
}
