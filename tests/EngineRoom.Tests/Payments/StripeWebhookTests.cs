using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EngineRoom.Ledger;
using EngineRoom.Payments;
using EngineRoom.Tests.Infrastructure;
using EngineRoom.Tests.Payments.FakeStripe;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Payments;

/// <summary>Stripe's webhooks: verified, handled once per event id, and judged by the payment as Stripe holds it now.</summary>
public abstract class StripeWebhookTests(EngineRoomApp app)
{
    private readonly StripeShop _shop = new(app);
    private FakeStripe.FakeStripe Fake => _shop.Fake;

    private Task<List<long>> RefundsAsync(Guid order) =>
        _shop.EntriesAsync(order, Accounts.PaymentsClearing).ContinueWith(t => t.Result.Where(e => e.Kind == "refund").Select(e => e.Amount).ToList());

    [Fact]
    public async Task An_event_delivered_twice_or_concurrently_to_two_instances_changes_the_order_once()
    {
        var (order, pi, _) = await _shop.PlaceAsync();
        var first = Fake.RefundInDashboard(pi, 500).Single();
        Assert.Equal("applied", await _shop.DeliverAsync(first));
        Assert.Equal("duplicate", await _shop.DeliverAsync(first));

        var second = Fake.RefundInDashboard(pi, 300).Single();
        var instances = new[] { app.CreateClient(), _shop.Stripe.Second.CreateClient() };
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => _shop.DeliverAsync(second, instances[i % 2])));
        Assert.Equal(1, outcomes.Count(o => o == "applied"));
        Assert.All(outcomes.Where(o => o != "applied"), o => Assert.Equal("duplicate", o));

        Assert.Equal([-500L, -300L], await RefundsAsync(order));
        Assert.Equal((800L, PaymentState.PartiallyRefunded), ((await _shop.PaymentAsync(order)).Refunded, (await _shop.PaymentAsync(order)).State));
        Assert.Equal("partially_refunded", await _shop.StatusAsync(order));
        var events = await _shop.OrderEventsAsync(order);
        Assert.Equal(2, events.EnumerateArray().Count(e => e.GetProperty("action").GetString() == "refund" && e.GetProperty("actorId").ValueKind == System.Text.Json.JsonValueKind.Null));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Events_out_of_order_lead_to_the_state_Stripe_holds_now()
    {
        var (order, pi, _) = await _shop.PlaceAsync(manual: true);
        var captured = Fake.CaptureInDashboard(pi);
        var refunded = Fake.RefundInDashboard(pi, 400).Single();

        Assert.Equal("applied", await _shop.DeliverAsync(refunded)); // re-read: captured and partly refunded
        foreach (var e in captured.Reverse()) Assert.Equal("no_change", await _shop.DeliverAsync(e));

        Assert.Equal("partially_refunded", await _shop.StatusAsync(order));
        Assert.Equal([("order_placed", 0L), ("payment_captured", 2000L), ("refund", -400L)], await _shop.EntriesAsync(order, Accounts.PaymentsClearing));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task An_authorization_cancelled_at_Stripe_cancels_the_order_and_puts_its_stock_back()
    {
        var (order, pi, sku) = await _shop.PlaceAsync(manual: true);
        Assert.Equal("applied", await _shop.DeliverAsync(Fake.CancelInDashboard(pi).Single()));
        Assert.Equal(("cancelled", PaymentState.Voided), (await _shop.StatusAsync(order), (await _shop.PaymentAsync(order)).State));
        Assert.Equal((20L, 0L), await _shop.StockAsync(sku));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_checkout_s_events_arriving_before_Stripe_answered_it_change_nothing_and_the_order_is_recorded()
    {
        Fake.DeliverBeforeResponding = true;
        (Guid Order, string PaymentIntent, string Sku) placed;
        try { placed = await _shop.PlaceAsync(); }
        finally { Fake.DeliverBeforeResponding = false; }

        var events = Fake.EventsFor(placed.PaymentIntent);
        Assert.Equal(["payment_intent.amount_capturable_updated", "payment_intent.succeeded"], events.Select(e => e.Type).Where(t => t.StartsWith("payment_intent")));
        Assert.All(events, e => Assert.Equal(200, Fake.Deliveries.Single(d => d.EventId == e.Id).Status));
        var ids = events.Select(e => e.Id).ToList();
        Assert.All(await app.QueryAsync(db => db.ProviderEvents.Where(e => ids.Contains(e.EventId)).Select(e => e.Outcome).ToListAsync()),
            o => Assert.Equal("no_payment", o));
        Assert.Equal("duplicate", await _shop.DeliverAsync(events[^1]));
        Assert.Equal("paid", await _shop.StatusAsync(placed.Order));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_bad_stale_tampered_or_missing_signature_is_400_and_changes_nothing()
    {
        var (order, pi, _) = await _shop.PlaceAsync();
        var e = Fake.RefundInDashboard(pi, 100).Single();
        var seen = await app.QueryAsync(db => db.ProviderEvents.CountAsync());
        var now = app.Clock.GetUtcNow();

        await (await Fake.DeliverAsync(e, secret: "whsec_not_the_secret")).AssertProblemAsync(HttpStatusCode.BadRequest, "signature_invalid");
        await (await Fake.DeliverAsync(e, signedAt: now.AddMinutes(-6))).AssertProblemAsync(HttpStatusCode.BadRequest, "signature_invalid");
        await (await Fake.DeliverAsync(e, signedAt: now.AddMinutes(6))).AssertProblemAsync(HttpStatusCode.BadRequest, "signature_invalid");
        await (await Fake.DeliverAsync(e, payload: FakeStripe.FakeStripe.Payload(e).Replace("\"amount_refunded\":100", "\"amount_refunded\":2000")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "signature_invalid");
        var unsigned = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(FakeStripe.FakeStripe.Payload(e), Encoding.UTF8, "application/json") };
        await (await app.CreateClient().SendAsync(unsigned)).AssertProblemAsync(HttpStatusCode.BadRequest, "signature_invalid");

        Assert.Equal(seen, await app.QueryAsync(db => db.ProviderEvents.CountAsync()));
        Assert.Equal(0L, (await _shop.PaymentAsync(order)).Refunded);
        Assert.Empty(await RefundsAsync(order));

        Assert.Equal("applied", await _shop.DeliverAsync(e));
        var other = new FakeEvent($"evt_{Guid.NewGuid():N}", "customer.created", now.ToUnixTimeSeconds(), new JsonObject { ["id"] = "cus_1", ["object"] = "customer" });
        Assert.Equal("ignored", await _shop.DeliverAsync(other));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task The_webhook_is_anonymous_in_the_OpenAPI_document_and_no_Stripe_secret_reaches_the_log()
    {
        var document = System.Text.Json.JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var operation = document.GetProperty("paths").GetProperty("/webhooks/stripe").GetProperty("post");
        Assert.False(operation.TryGetProperty("requestBody", out _)); // a raw, signed body: the attack suite fuzzes it without card canaries
        Assert.False(operation.TryGetProperty("security", out _));

        var (order, pi, _) = await _shop.PlaceAsync();
        await _shop.DeliverAsync(Fake.RefundInDashboard(pi, 50).Single());
        await Fake.DeliverAsync(Fake.RefundInDashboard(pi, 50).Single(), secret: "whsec_wrong");
        var secrets = new[] { "sk_test_engineroom_fake", Fake.WebhookSecret, "_secret_" };
        var lines = _shop.Stripe.Log.Lines.ToArray();
        Assert.Contains(lines, l => l.Contains("Refused a Stripe webhook delivery", StringComparison.Ordinal));
        Assert.All(secrets, secret => Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal)));
        await Invariants.AssertHoldAsync(app);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_dispute_is_recorded_on_the_order_and_in_a_balanced_ledger(bool won)
    {
        var (order, pi, _) = await _shop.PlaceAsync();
        var (dispute, opened) = Fake.OpenDispute(pi, reason: "fraudulent");
        Assert.Equal("applied", await _shop.DeliverAsync(opened[0]));
        Assert.Equal("no_change", await _shop.DeliverAsync(opened[1]));
        var payment = await _shop.PaymentAsync(order);
        Assert.Equal((2000L, "needs_response"), (payment.Disputed, payment.DisputeStatus));

        foreach (var e in Fake.CloseDispute(dispute, won)) await _shop.DeliverAsync(e);
        var actions = (await _shop.OrderEventsAsync(order)).EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["dispute_opened", won ? "dispute_won" : "dispute_lost"], actions.Where(a => a!.StartsWith("dispute_")));
        var chargebacks = await _shop.EntriesAsync(order, Accounts.Chargebacks);
        Assert.Equal(won ? [("dispute_opened", 2000L), ("dispute_won", -2000L)] : [("dispute_opened", 2000L)], chargebacks.Where(e => e.Kind.StartsWith("dispute_")));
        Assert.Equal(won ? 0L : 2000L, (await _shop.PaymentAsync(order)).Disputed);
        // Webhook endpoints hear of it: one order.disputed per change the order recorded.
        var disputed = (await app.QueryAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Type == EngineRoom.Events.OrderDisputed.Name).ToListAsync()))
            .Select(m => (EngineRoom.Events.OrderDisputed)EngineRoom.Events.IntegrationEvents.Read(m)).Where(e => e.OrderId == order).ToList();
        Assert.Equal(new[] { ("needs_response", 2000L), (won ? "won" : "lost", won ? 0L : 2000L) }.Order(), disputed.Select(e => (e.Status, e.Withdrawn.Amount)).Order());
        Assert.All(disputed, e => Assert.Equal((dispute, 2000L), (e.DisputeId, e.Amount.Amount)));

        var staff = await _shop.StaffAsync();
        Assert.True((await (await staff.GetAsync($"/admin/ledger/orders/{order}")).JsonAsync()).GetProperty("summary").GetProperty("paymentsMatchLedger").GetBoolean());
        Assert.True((await (await staff.GetAsync("/admin/ledger/balances")).JsonAsync()).GetProperty("balanced").GetBoolean());
        await Invariants.AssertHoldAsync(app);
    }
}

[Collection(StripeSqliteCollection.Name)]
public sealed class StripeWebhookTestsOnSqlite(StripeSqliteApp app) : StripeWebhookTests(app);

[Collection(StripePostgresCollection.Name)]
public sealed class StripeWebhookTestsOnPostgres(StripePostgresApp app) : StripeWebhookTests(app);
