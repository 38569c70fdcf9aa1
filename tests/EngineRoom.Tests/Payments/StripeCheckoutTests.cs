using System.Net;
using EngineRoom.Payments;
using EngineRoom.Payments.Stripe;
using EngineRoom.Tests.Infrastructure;
using EngineRoom.Tests.Payments.FakeStripe;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EngineRoom.Tests.Payments;

/// <summary>Checkout with <c>Payments:Provider=stripe</c>: the real Stripe.net client against the fake Stripe on loopback.</summary>
public abstract class StripeCheckoutTests(EngineRoomApp app)
{
    private readonly StripeShop _shop = new(app);
    private FakeStripe.FakeStripe Fake => _shop.Fake;

    private Task<int> OrdersWithAsync(string sku) => app.QueryAsync(db => db.OrderLines.CountAsync(l => l.Sku == sku));

    [Fact]
    public async Task Buy_now_is_one_PaymentIntent_authorized_then_captured_under_EngineRoom_s_key_and_a_retry_replays_it()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, price: 1250, stock: 5);
        var (creates, captures) = (Fake.Count("POST /v1/payment_intents"), Fake.Count("POST /v1/payment_intents/*/capture"));
        var (key, email) = (Guid.NewGuid().ToString(), $"s-{Guid.NewGuid():N}@example.com");

        var order = await (await app.CreateClient().SendAsync(StripeShop.BuyNow(sku, key: key, email: email))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(("paid", 2500L), (order.GetProperty("status").GetString(), order.GetProperty("total").GetProperty("amount").GetInt64()));
        var id = order.GetProperty("id").GetGuid();
        var payment = await _shop.PaymentAsync(id);
        Assert.Equal(("stripe", PaymentState.Captured, 2500L, 2500L), (payment.Provider, payment.State, payment.Authorized, payment.Captured));
        Assert.Equal("succeeded", Fake.Status(payment.ProviderPaymentId));
        Assert.Equal((2500L, 0L), Fake.Figures(payment.ProviderPaymentId));
        Assert.StartsWith("checkout-", Fake.KeyOf(payment.ProviderPaymentId));
        Assert.Equal((creates + 1, captures + 1), (Fake.Count("POST /v1/payment_intents"), Fake.Count("POST /v1/payment_intents/*/capture")));

        var replay = await app.CreateClient().SendAsync(StripeShop.BuyNow(sku, key: key, email: email));
        Assert.Equal(id, (await replay.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        Assert.Equal(creates + 1, Fake.Count("POST /v1/payment_intents"));
        Assert.Equal((3L, 0L), await _shop.StockAsync(sku));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_declined_card_is_refused_with_Stripe_s_decline_code_and_leaves_no_order_and_no_held_stock()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 5);
        var response = await app.CreateClient().SendAsync(StripeShop.BuyNow(sku, "pm_card_visa_chargeDeclinedInsufficientFunds"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.PaymentRequired, "payment_declined");
        Assert.Equal("insufficient_funds", problem.GetProperty("declineCode").GetString());
        Assert.Equal("requires_payment_method", Fake.Status(Fake.Latest!));
        Assert.Equal((5L, 0L), await _shop.StockAsync(sku));
        Assert.Equal(0, await OrdersWithAsync(sku));
        await Invariants.AssertHoldAsync(app);
    }

    [Theory]
    [InlineData(Failure.ServerError, false)]              // Stripe failed before doing anything: nothing to undo
    [InlineData(Failure.ServerErrorAfterApplying, false)] // it authorized, then answered 500: found by search, voided
    [InlineData(Failure.Hang, true)]                      // it authorized and never answered, its search lagging: found by the list, voided
    public async Task A_Stripe_outage_during_checkout_leaves_no_order_releases_the_stock_and_resolves_the_authorization_by_key(Failure failure, bool searchBehind)
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 5);
        var before = Fake.PaymentIntentCount;
        Fake.Fail("POST /v1/payment_intents", failure);
        Fake.SearchIsBehind = searchBehind;
        try
        {
            var response = await app.CreateClient().SendAsync(StripeShop.BuyNow(sku));
            await response.AssertProblemAsync(HttpStatusCode.GatewayTimeout, "payment_provider_timeout");
        }
        finally { Fake.SearchIsBehind = false; }

        if (failure == Failure.ServerError) Assert.Equal(before, Fake.PaymentIntentCount);
        else Assert.Equal(("canceled", (0L, 0L)), (Fake.Status(Fake.Latest!), Fake.Figures(Fake.Latest!)));
        Assert.Equal((5L, 0L), await _shop.StockAsync(sku));
        Assert.Equal(0, await OrdersWithAsync(sku));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_payment_needing_3DS_makes_no_order_yet_and_its_outcome_reaches_the_payment_event_handlers()
    {
        // The provider's side; the checkout's (202, completion, expiry) is in StripeThreeDSecureTests.
        var provider = app.Services.GetRequiredService<IPaymentProvider>();
        var key = $"checkout-{Guid.NewGuid():N}";
        var count = Fake.PaymentIntentCount;
        var waiting = await provider.AuthorizeAsync(new AuthorizeRequest(1500, "USD", "pm_card_threeDSecure2Required", key), default);
        Assert.Equal(waiting, await provider.AuthorizeAsync(new AuthorizeRequest(1500, "USD", "pm_card_threeDSecure2Required", key), default));
        Assert.Equal(count + 1, Fake.PaymentIntentCount);
        Assert.Equal((PaymentState.RequiresAction, false, "use_stripe_sdk"), (waiting.State, waiting.Succeeded, waiting.NextActionType));
        Assert.StartsWith(waiting.PaymentId + "_secret_", waiting.ClientSecret);
        Assert.DoesNotContain(waiting.ClientSecret!, waiting.ToString());

        var completed = Fake.CompleteAction(waiting.PaymentId!, succeed: true);
        Assert.Equal(PaymentState.Authorized, (await provider.GetAsync(waiting.PaymentId!, default))!.State);
        Assert.Equal("no_payment", await _shop.DeliverAsync(completed.Single()));
        var notice = _shop.Stripe.Notices.Last(n => n.Notice.PaymentId == waiting.PaymentId);
        Assert.Equal((null, key, PaymentState.Authorized, "payment_intent.amount_capturable_updated"),
            (notice.Payment, notice.Notice.AuthorizeKey, notice.Notice.Current.State, notice.Notice.EventType));
        Assert.Equal(PaymentState.Voided, (await provider.VoidAsync(waiting.PaymentId!, key + "-void", default)).State);

        var abandoned = await provider.AuthorizeAsync(new AuthorizeRequest(900, "USD", "pm_card_threeDSecure2Required", key + "-2"), default);
        Assert.Equal("no_payment", await _shop.DeliverAsync(Fake.CompleteAction(abandoned.PaymentId!, succeed: false).Single()));
        var failed = _shop.Stripe.Notices.Last(n => n.Notice.PaymentId == abandoned.PaymentId).Notice.Current;
        Assert.Equal((PaymentState.Declined, "payment_intent_authentication_failure"), (failed.State, failed.DeclineCode));
        Assert.Null(await provider.GetAsync("pi_000000nosuchpaymentintent", default));
    }

    [Fact]
    public async Task Finding_by_key_says_none_only_when_search_and_the_whole_recent_window_agree()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 10);
        for (var i = 0; i < 3; i++) await (await app.CreateClient().SendAsync(StripeShop.BuyNow(sku, quantity: 1))).JsonAsync(HttpStatusCode.Created);
        StripePaymentProvider Provider(int maxPages) => new(app.Services.GetRequiredService<global::Stripe.StripeClient>(),
            Options.Create(new StripeOptions { PageSize = 2, FindRecentSeconds = 180, FindMaxPages = maxPages }), app.Clock);

        Fake.SearchIsBehind = true;
        try
        {
            var latest = Fake.Latest!;
            Assert.Equal(latest, (await Provider(1).FindAsync(Fake.KeyOf(latest)!, default))!.PaymentId);
            // Three payments or more in the window at two a page: one page cannot tell, all of them can.
            await Assert.ThrowsAsync<PaymentProviderUnavailableException>(() => Provider(1).FindAsync($"checkout-{Guid.NewGuid():N}", default));
            Assert.Null(await Provider(1000).FindAsync($"checkout-{Guid.NewGuid():N}", default));
        }
        finally { Fake.SearchIsBehind = false; }
    }
}

[Collection(StripeSqliteCollection.Name)]
public sealed class StripeCheckoutTestsOnSqlite(StripeSqliteApp app) : StripeCheckoutTests(app);

[Collection(StripePostgresCollection.Name)]
public sealed class StripeCheckoutTestsOnPostgres(StripePostgresApp app) : StripeCheckoutTests(app);
