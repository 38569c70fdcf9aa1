using System.Net;
using EngineRoom.Ledger;
using EngineRoom.Payments;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Payments;

/// <summary>Staff's order actions (capture, partial capture, refund, void, cancel) moving money at Stripe through the adapter.</summary>
public abstract class StripeOrderActionTests(EngineRoomApp app)
{
    private readonly StripeShop _shop = new(app);
    private FakeStripe.FakeStripe Fake => _shop.Fake;
    private const string CaptureRoute = "POST /v1/payment_intents/*/capture";

    [Fact]
    public async Task A_partial_capture_is_final_at_Stripe_so_the_rest_cannot_be_captured_and_a_cancel_refunds_what_was_taken()
    {
        var (order, pi, sku) = await _shop.PlaceAsync(manual: true);
        Assert.Equal(("authorized", "requires_capture"), (await _shop.StatusAsync(order), Fake.Status(pi)));

        await (await _shop.ActAsync(order, "capture", new { amount = 1500 })).JsonAsync();
        Assert.Equal(("succeeded", (1500L, 0L)), (Fake.Status(pi), Fake.Figures(pi)));
        var payment = await _shop.PaymentAsync(order);
        Assert.Equal((1500L, 1500L, PaymentState.Captured), (payment.Authorized, payment.Captured, payment.State));

        var calls = Fake.Count(CaptureRoute);
        await (await _shop.ActAsync(order, "capture", new { amount = 500 })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "capture_exceeds_authorized");
        Assert.Equal(calls, Fake.Count(CaptureRoute));

        await (await _shop.ActAsync(order, "cancel", new { reason = "out of the rest" })).JsonAsync();
        Assert.Equal(("cancelled", (1500L, 1500L)), (await _shop.StatusAsync(order), Fake.Figures(pi)));
        Assert.Equal((20L, 0L), await _shop.StockAsync(sku));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_full_capture_then_a_partial_refund_move_the_money_at_Stripe()
    {
        var (order, pi, _) = await _shop.PlaceAsync(manual: true);
        Assert.Equal("paid", (await (await _shop.ActAsync(order, "capture", new { })).JsonAsync()).GetProperty("status").GetString());
        Assert.Equal((2000L, 0L), Fake.Figures(pi));

        Assert.Equal("partially_refunded", (await (await _shop.ActAsync(order, "refunds", new { amount = 700 })).JsonAsync()).GetProperty("status").GetString());
        Assert.Equal((2000L, 700L), Fake.Figures(pi));
        var payment = await _shop.PaymentAsync(order);
        Assert.Equal((2000L, 700L, PaymentState.PartiallyRefunded), (payment.Captured, payment.Refunded, payment.State));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_void_cancels_the_PaymentIntent_and_puts_the_stock_back()
    {
        var (order, pi, sku) = await _shop.PlaceAsync(manual: true);
        Assert.Equal((18L, 0L), await _shop.StockAsync(sku));
        Assert.Equal("cancelled", (await (await _shop.ActAsync(order, "void", new { })).JsonAsync()).GetProperty("status").GetString());
        Assert.Equal("canceled", Fake.Status(pi));
        Assert.Equal(PaymentState.Voided, (await _shop.PaymentAsync(order)).State);
        Assert.Equal((20L, 0L), await _shop.StockAsync(sku));
        await (await _shop.ActAsync(order, "void", new { })).AssertProblemAsync(HttpStatusCode.Conflict, "invalid_transition");
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_refund_whose_webhook_arrives_before_Stripe_answered_is_booked_once()
    {
        var (order, pi, _) = await _shop.PlaceAsync();
        Fake.DeliverBeforeResponding = true;
        try { await (await _shop.ActAsync(order, "refunds", new { amount = 400 })).JsonAsync(); }
        finally { Fake.DeliverBeforeResponding = false; }

        var refunded = Fake.EventsFor(pi).Single(e => e.Type == "charge.refunded");
        // It reached the app while the refund held the order: refused, so that Stripe delivers it again; then nothing is left to do.
        Assert.Equal(409, Fake.Deliveries.Single(d => d.EventId == refunded.Id).Status);
        Assert.Equal("no_change", await _shop.DeliverAsync(refunded));
        Assert.Equal([-400L], (await _shop.EntriesAsync(order, Accounts.PaymentsClearing)).Where(e => e.Kind == "refund").Select(e => e.Amount));
        Assert.Equal((2000L, 400L), Fake.Figures(pi));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Stripe_not_answering_a_capture_is_a_504_that_changes_nothing_and_the_retry_with_the_same_key_captures_once()
    {
        var (order, pi, _) = await _shop.PlaceAsync(manual: true);
        var staff = await _shop.StaffAsync();
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Capture()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/orders/{order}/capture") { Content = System.Net.Http.Json.JsonContent.Create(new { }) };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }
        Fake.Fail(CaptureRoute, FakeStripe.Failure.Hang);
        await (await staff.SendAsync(Capture())).AssertProblemAsync(HttpStatusCode.GatewayTimeout, "payment_provider_timeout");
        Assert.Equal("authorized", await _shop.StatusAsync(order));
        Assert.Equal((2000L, 0L), Fake.Figures(pi)); // Stripe did capture; we do not know it yet

        Assert.Equal("paid", (await (await staff.SendAsync(Capture())).JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(1, await app.QueryAsync(db => db.JournalEntries.CountAsync(e => e.OrderId == order && e.Kind == "payment_captured")));
        await Invariants.AssertHoldAsync(app);
    }
}

[Collection(StripeSqliteCollection.Name)]
public sealed class StripeOrderActionTestsOnSqlite(StripeSqliteApp app) : StripeOrderActionTests(app);

[Collection(StripePostgresCollection.Name)]
public sealed class StripeOrderActionTestsOnPostgres(StripePostgresApp app) : StripeOrderActionTests(app);
