using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Checkout;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EngineRoom.Tests.Payments;

/// <summary>
/// Checkout with a payment that needs the customer (Stripe's requires_action, 3-D Secure), through the real Stripe.net
/// client against the fake Stripe: the 202, the hold kept, completion by the webhook, by the storefront or both at once,
/// failure, abandonment at the hold's expiry, who may see a checkout, and the Idempotency-Key's answer all along.
/// </summary>
public abstract class StripeThreeDSecureTests(EngineRoomApp app)
{
    private const string ThreeDS = "pm_card_threeDSecure2Required";
    private readonly StripeShop _shop = new(app);
    private FakeStripe.FakeStripe Fake => _shop.Fake;

    private sealed record Waiting(Guid CheckoutId, string PaymentIntent, string? Token, string Location, string Body);

    private static async Task<Waiting> WaitingAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal("requires_action", json.GetProperty("status").GetString());
        Assert.Equal("use_stripe_sdk", json.GetProperty("nextAction").GetProperty("type").GetString());
        var secret = json.GetProperty("clientSecret").GetString()!;
        var id = json.GetProperty("checkoutId").GetGuid();
        Assert.Equal($"/store/checkouts/{id}", response.Headers.Location!.OriginalString);
        return new Waiting(id, secret[..secret.IndexOf("_secret_", StringComparison.Ordinal)],
            json.GetProperty("checkoutToken").ValueKind == JsonValueKind.String ? json.GetProperty("checkoutToken").GetString() : null,
            response.Headers.Location.OriginalString, body);
    }

    private static HttpRequestMessage As(HttpMethod method, string path, string? token)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Add("Checkout-Token", token);
        return request;
    }

    private Task<HttpResponseMessage> CompleteAsync(Waiting w, HttpClient? client = null, string? token = null) =>
        (client ?? app.CreateClient()).SendAsync(As(HttpMethod.Post, $"/store/checkouts/{w.CheckoutId}/complete", token ?? w.Token));

    private async Task<JsonElement> CheckoutAsync(Waiting w, HttpClient? client = null) =>
        await (await (client ?? app.CreateClient()).SendAsync(As(HttpMethod.Get, w.Location, w.Token))).JsonAsync();

    private Task<(int Orders, int Payments)> RecordedAsync(string sku, string paymentIntent) => app.QueryAsync(async db =>
        (await db.OrderLines.CountAsync(l => l.Sku == sku), await db.Payments.CountAsync(p => p.ProviderPaymentId == paymentIntent)));

    [Fact]
    public async Task Requires_action_answers_202_keeps_the_stock_held_and_Stripe_s_webhook_completes_the_order()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, price: 1000, stock: 5);
        var (key, email) = (Guid.NewGuid().ToString(), $"g-{Guid.NewGuid():N}@example.com");
        var first = await app.CreateClient().SendAsync(StripeShop.BuyNow(sku, ThreeDS, key: key, email: email));
        var w = await WaitingAsync(first);
        Assert.NotNull(w.Token);
        Assert.Equal(("requires_action", (5L, 2L)), (Fake.Status(w.PaymentIntent), await _shop.StockAsync(sku)));
        Assert.Equal((0, 0), await RecordedAsync(sku, w.PaymentIntent));

        // While it waits: the same key answers the same 202; the checkout shows requires_action to the token's holder only.
        var replay = await app.CreateClient().SendAsync(StripeShop.BuyNow(sku, ThreeDS, key: key, email: email));
        Assert.Equal((HttpStatusCode.Accepted, w.Body), (replay.StatusCode, await replay.Content.ReadAsStringAsync()));
        Assert.Equal("requires_action", (await CheckoutAsync(w)).GetProperty("status").GetString());

        Assert.Equal("applied", await _shop.DeliverAsync(Fake.CompleteAction(w.PaymentIntent, succeed: true).Single()));
        var checkout = await CheckoutAsync(w);
        Assert.Equal("completed", checkout.GetProperty("status").GetString());
        var orderId = checkout.GetProperty("orderId").GetGuid();
        var order = new HttpRequestMessage(HttpMethod.Get, $"/store/orders/{orderId}");
        order.Headers.Add("Order-Token", w.Token); // the checkout's token opens its order
        Assert.Equal("paid", (await (await app.CreateClient().SendAsync(order)).JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(("succeeded", (2000L, 0L)), (Fake.Status(w.PaymentIntent), Fake.Figures(w.PaymentIntent)));

        // After: the key answers the order, and the storefront's own completion too.
        var after = await app.CreateClient().SendAsync(StripeShop.BuyNow(sku, ThreeDS, key: key, email: email));
        Assert.Equal(orderId, (await after.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        var completed = await (await CompleteAsync(w)).JsonAsync();
        Assert.Equal((orderId, w.Token), (completed.GetProperty("id").GetGuid(), completed.GetProperty("orderToken").GetString()));
        Assert.Equal(((3L, 0L), (1, 1)), (await _shop.StockAsync(sku), await RecordedAsync(sku, w.PaymentIntent)));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task The_storefront_completes_it_from_Stripe_s_state_and_only_its_customer_may_see_or_complete_it()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, price: 700, stock: 5);
        var customer = await app.CustomerClientAsync();
        var w = await WaitingAsync(await customer.SendAsync(StripeShop.BuyNow(sku, ThreeDS, quantity: 1)));
        Assert.Null(w.Token);

        // Not done yet at Stripe: still 202, whatever the client claims.
        Assert.Equal(HttpStatusCode.Accepted, (await CompleteAsync(w, customer)).StatusCode);
        // Anybody else: 404, as for an id that does not exist.
        var other = await app.CustomerClientAsync();
        var staff = await _shop.StaffAsync();
        foreach (var stranger in new[] { other, staff, app.CreateClient() })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(w.Location)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await CompleteAsync(w, stranger)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await CompleteAsync(w with { CheckoutId = Guid.NewGuid() }, customer)).StatusCode);

        var events = Fake.CompleteAction(w.PaymentIntent, succeed: true);
        var placed = await CompleteAsync(w, customer);
        var order = await placed.JsonAsync(HttpStatusCode.Created);
        Assert.Equal("paid", order.GetProperty("status").GetString());
        Assert.Equal($"/store/orders/{order.GetProperty("id").GetGuid()}", placed.Headers.Location!.OriginalString);
        Assert.Equal("no_change", await _shop.DeliverAsync(events.Single())); // the webhook arrives later: the order is there
        Assert.Equal(order.GetProperty("id").GetGuid(), (await (await CompleteAsync(w, customer)).JsonAsync()).GetProperty("id").GetGuid());
        Assert.Equal(((4L, 0L), (1, 1)), (await _shop.StockAsync(sku), await RecordedAsync(sku, w.PaymentIntent)));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task The_storefront_and_the_webhook_completing_at_once_on_two_instances_make_one_order_and_one_payment()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, price: 900, stock: 5);
        var w = await WaitingAsync(await app.CreateClient().SendAsync(StripeShop.BuyNow(sku, ThreeDS)));
        var succeeded = Fake.CompleteAction(w.PaymentIntent, succeed: true).Single();
        var (cancels, refunds) = (Fake.Count("POST /v1/payment_intents/*/cancel"), Fake.Count("POST /v1/refunds"));

        var second = _shop.Stripe.Second;
        var completions = Enumerable.Range(0, 6).Select(i => CompleteAsync(w, i % 2 == 0 ? app.CreateClient() : second.CreateClient())).ToList();
        var webhooks = new[] { Fake.DeliverAsync(succeeded), Fake.DeliverAsync(succeeded, second.CreateClient()) };
        await Task.WhenAll(completions.Concat(webhooks));

        var answers = completions.Select(c => c.Result).ToList();
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        var bodies = new List<string>();
        foreach (var a in answers) bodies.Add(await a.Content.ReadAsStringAsync());
        var ids = bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("id").GetGuid()).ToHashSet();
        Assert.True(ids.Count == 1, $"{await RecordedAsync(sku, w.PaymentIntent)}: " + string.Join("\n", answers.Zip(bodies, (a, b) => $"{(int)a.StatusCode} {b}")));
        Assert.All(webhooks, h => Assert.Contains(h.Result.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.Created) <= 1);
        Assert.Equal(((3L, 0L), (1, 1)), (await _shop.StockAsync(sku), await RecordedAsync(sku, w.PaymentIntent)));
        // Captured before it was recorded: the sale is one entry, straight to payments clearing, with no receivable.
        Assert.Equal([("order_placed", 1800L)], await _shop.EntriesAsync(ids.Single(), "payments_clearing"));
        Assert.Equal([("order_placed", 0L)], await _shop.EntriesAsync(ids.Single(), "accounts_receivable"));
        // The losers left the payment alone: captured once, never cancelled or refunded.
        Assert.Equal(("succeeded", (1800L, 0L)), (Fake.Status(w.PaymentIntent), Fake.Figures(w.PaymentIntent)));
        Assert.Equal((cancels, refunds), (Fake.Count("POST /v1/payment_intents/*/cancel"), Fake.Count("POST /v1/refunds")));
        Assert.Equal("completed", (await CheckoutAsync(w)).GetProperty("status").GetString());
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_cart_checkout_that_needs_the_customer_keeps_the_cart_open_until_its_order_is_recorded()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, price: 500, stock: 5);
        var customer = await app.CustomerClientAsync();
        var cart = (await (await customer.PostAsJsonAsync("/store/carts", new { currency = "USD" })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await customer.PostAsJsonAsync($"/store/carts/{cart}/items", new { sku, quantity = 1 })).JsonAsync();
        var checkout = new HttpRequestMessage(HttpMethod.Post, $"/store/carts/{cart}/checkout") { Content = JsonContent.Create(new { paymentToken = ThreeDS }) };
        checkout.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var w = await WaitingAsync(await customer.SendAsync(checkout));
        async Task<string?> CartStatusAsync() => (await (await customer.GetAsync($"/store/carts/{cart}")).JsonAsync()).GetProperty("status").GetString();
        Assert.Equal(("open", (5L, 1L)), (await CartStatusAsync(), await _shop.StockAsync(sku)));

        Assert.Equal("applied", await _shop.DeliverAsync(Fake.CompleteAction(w.PaymentIntent, succeed: true).Single()));
        Assert.Equal(("checkedout", (4L, 0L), (1, 1)), (await CartStatusAsync(), await _shop.StockAsync(sku), await RecordedAsync(sku, w.PaymentIntent)));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_failed_authentication_ends_the_checkout_and_a_success_after_that_is_voided()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 5);
        var key = Guid.NewGuid().ToString();
        var email = $"g-{Guid.NewGuid():N}@example.com";
        var w = await WaitingAsync(await app.CreateClient().SendAsync(StripeShop.BuyNow(sku, ThreeDS, key: key, email: email)));

        Assert.Equal("no_payment", await _shop.DeliverAsync(Fake.CompleteAction(w.PaymentIntent, succeed: false).Single()));
        // Cancelled at Stripe, so the customer cannot confirm it again with another card; the stock is back.
        Assert.Equal(("canceled", (5L, 0L)), (Fake.Status(w.PaymentIntent), await _shop.StockAsync(sku)));
        var checkout = await CheckoutAsync(w);
        Assert.Equal(("failed", "payment_declined"), (checkout.GetProperty("status").GetString(), checkout.GetProperty("failureCode").GetString()));
        var problem = await (await app.CreateClient().SendAsync(StripeShop.BuyNow(sku, ThreeDS, key: key, email: email)))
            .AssertProblemAsync(HttpStatusCode.PaymentRequired, "payment_declined");
        Assert.Equal("payment_intent_authentication_failure", problem.GetProperty("declineCode").GetString());
        await (await CompleteAsync(w)).AssertProblemAsync(HttpStatusCode.PaymentRequired, "payment_declined");

        // Stripe says it succeeded after all (a confirmation that raced the cancel): the money is released, no order.
        Assert.Equal("no_payment", await _shop.DeliverAsync(Fake.CompleteAction(w.PaymentIntent, succeed: true).Single()));
        Assert.Equal(("canceled", (0L, 0L)), (Fake.Status(w.PaymentIntent), Fake.Figures(w.PaymentIntent)));
        Assert.Equal(((5L, 0L), (0, 0)), (await _shop.StockAsync(sku), await RecordedAsync(sku, w.PaymentIntent)));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task An_abandoned_checkout_is_cancelled_at_Stripe_once_and_its_stock_released_when_the_hold_expires()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 5);
        var key = Guid.NewGuid().ToString();
        var email = $"g-{Guid.NewGuid():N}@example.com";
        var w = await WaitingAsync(await app.CreateClient().SendAsync(StripeShop.BuyNow(sku, ThreeDS, key: key, email: email)));
        var cancels = Fake.Count("POST /v1/payment_intents/*/cancel");
        var recoveries = new[] { app.Services, _shop.Stripe.Second.Services }.Select(s => s.GetRequiredService<CheckoutRecovery>()).ToList();

        await Task.WhenAll(recoveries.Select(r => r.RecoverAsync(default))); // still within the hold: left alone
        Assert.Equal((5L, 2L), await _shop.StockAsync(sku));
        app.Clock.Advance(TimeSpan.FromMinutes(16)); // past Inventory:ReservationMinutes (15); also wakes the hosted jobs
        await Task.WhenAll(recoveries.Select(r => r.RecoverAsync(default)));
        await Eventually.AssertAsync(async () => (await CheckoutAsync(w)).GetProperty("status").GetString() == "failed", "the checkout expired");

        Assert.Equal(("canceled", (5L, 0L)), (Fake.Status(w.PaymentIntent), await _shop.StockAsync(sku)));
        Assert.Equal(cancels + 1, Fake.Count("POST /v1/payment_intents/*/cancel")); // one instance resolved it
        Assert.Equal("expired", (await CheckoutAsync(w)).GetProperty("failureCode").GetString());
        await (await app.CreateClient().SendAsync(StripeShop.BuyNow(sku, ThreeDS, key: key, email: email)))
            .AssertProblemAsync(HttpStatusCode.Conflict, "checkout_expired");
        await (await CompleteAsync(w)).AssertProblemAsync(HttpStatusCode.Conflict, "checkout_expired");
        Assert.Equal((0, 0), await RecordedAsync(sku, w.PaymentIntent));
        await Invariants.AssertHoldAsync(app);
    }
}

[Collection(StripeSqliteCollection.Name)]
public sealed class StripeThreeDSecureTestsOnSqlite(StripeSqliteApp app) : StripeThreeDSecureTests(app);

[Collection(StripePostgresCollection.Name)]
public sealed class StripeThreeDSecureTestsOnPostgres(StripePostgresApp app) : StripeThreeDSecureTests(app);
