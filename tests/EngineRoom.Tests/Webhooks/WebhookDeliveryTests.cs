using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using EngineRoom.Events;
using EngineRoom.Tests.Infrastructure;
using EngineRoom.Webhooks;
using Microsoft.EntityFrameworkCore;
using StandardWebhooks;

namespace EngineRoom.Tests.Webhooks;

public abstract class WebhookDeliveryTests(EngineRoomApp app)
{
    [Fact]
    public async Task A_buy_now_reaches_the_receiver_as_order_placed_and_order_paid_signed_for_an_independent_verifier()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var hook = await Hooks.RegisterAsync(app, receiver.Url, OrderPlaced.Name, OrderPaid.Name);
        try
        {
            var order = await Hooks.BuyNowAsync(app);
            await Hooks.DispatchAsync(app);
            await Eventually.AssertAsync(() => Task.FromResult(receiver.Mentioning(order).Count() == 2), "both events reach the receiver");

            var received = receiver.Mentioning(order).ToList();
            Assert.Equal([OrderPaid.Name, OrderPlaced.Name], received.Select(r => r.Type).Order());
            var verifier = new StandardWebhook(hook.Secret);
            foreach (var webhook in received)
            {
                verifier.Verify(webhook.Body, webhook.Headers); // throws when the signature or timestamp is wrong
                Assert.Matches("^msg_[0-9a-f]{32}$", webhook.Id);
                Assert.Equal(order, System.Text.Json.JsonDocument.Parse(webhook.Body).RootElement.GetProperty("data").GetProperty("orderId").GetGuid());
            }
            Assert.Throws<StandardWebhooks.Diagnostics.WebhookVerificationException>(() =>
                new StandardWebhook("whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).Verify(received[0].Body, received[0].Headers));

            await Eventually.AssertAsync(async () => (await Hooks.DeliveriesAsync(app, hook.Id)).Count(d => d.GetProperty("status").GetString() == "delivered") == 2,
                "the log shows both delivered");
            var log = await Hooks.DeliveriesAsync(app, hook.Id, $"&eventType={OrderPlaced.Name}");
            var attempt = Assert.Single(Assert.Single(log).GetProperty("attemptLog").EnumerateArray());
            Assert.Equal(200, attempt.GetProperty("statusCode").GetInt32());
            Assert.StartsWith("answer 1 to msg_", attempt.GetProperty("response").GetString());
        }
        finally { await Hooks.RemoveAsync(app, hook.Id); }
    }

    [Fact]
    public async Task A_410_disables_the_endpoint_and_an_event_says_so()
    {
        await using var receiver = await WebhookReceiver.StartAsync((_, _) => 410);
        var hook = await Hooks.RegisterAsync(app, receiver.Url, OrderPlaced.Name);
        try
        {
            await Hooks.BuyNowAsync(app);
            await Hooks.DispatchAsync(app);
            await Eventually.AssertAsync(async () => !(await Endpoint(hook.Id)).Enabled, "the endpoint is disabled");

            var endpoint = await (await app.AdminClientAsync()).GetAsync($"/admin/webhooks/endpoints/{hook.Id}").JsonAsync();
            Assert.Equal((false, "gone"), (endpoint.GetProperty("enabled").GetBoolean(), endpoint.GetProperty("disabledReason").GetString()));
            Assert.Equal(DeliveryStatus.Failed, Assert.Single(await Hooks.StoredAsync(app, hook.Id)).Status);
            var disabled = await DisabledEventsAsync(hook.Id);
            Assert.Equal("gone", Assert.Single(disabled).Reason);

            await Hooks.BuyNowAsync(app); // nothing more goes to it
            await Hooks.DispatchAsync(app);
            Assert.Single(await Hooks.StoredAsync(app, hook.Id));
        }
        finally { await Hooks.RemoveAsync(app, hook.Id); }
    }

    [Fact]
    public async Task A_hanging_a_failing_a_garbage_and_a_closing_receiver_are_retried_and_logged_while_a_healthy_one_is_served()
    {
        var hangs = new TaskCompletionSource();
        await using var hanging = await WebhookReceiver.StartAsync((_, _) => { hangs.TrySetResult(); return WebhookReceiver.Hang; });
        await using var failing = await WebhookReceiver.StartAsync((_, _) => 500);
        await using var closing = await WebhookReceiver.StartAsync((_, _) => WebhookReceiver.Close);
        using var garbage = new GarbageServer();
        await using var healthy = await WebhookReceiver.StartAsync();
        var bad = new List<Hooks.Endpoint>();
        foreach (var url in new[] { hanging.Url, failing.Url, closing.Url, garbage.Url }) bad.Add(await Hooks.RegisterAsync(app, url, OrderPlaced.Name));
        var good = await Hooks.RegisterAsync(app, healthy.Url, OrderPlaced.Name);
        try
        {
            var order = await Hooks.BuyNowAsync(app);
            await Hooks.DispatchAsync(app);
            await hangs.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await Eventually.AssertAsync(() => Task.FromResult(healthy.Mentioning(order).Any()), "the healthy receiver gets its webhook");
            Assert.Empty(await Hooks.AttemptsAsync(app, (await Hooks.StoredAsync(app, bad[0].Id)).Single().Id)); // the hanging one is still waiting

            foreach (var endpoint in bad)
                await Eventually.AssertAsync(async () => (await Hooks.StoredAsync(app, endpoint.Id)).Single().Attempts == 1, "each failure is recorded",
                    TimeSpan.FromSeconds(Hooks.TimeoutSeconds + 10));
            var attempts = new List<WebhookAttempt>();
            foreach (var endpoint in bad)
            {
                var delivery = (await Hooks.StoredAsync(app, endpoint.Id)).Single();
                Assert.Equal(DeliveryStatus.Pending, delivery.Status); // a retry is scheduled
                attempts.Add(Assert.Single(await Hooks.AttemptsAsync(app, delivery.Id)));
            }
            Assert.Equal([null, 500, null, null], attempts.Select(a => a.StatusCode));
            Assert.Contains("No answer within", attempts[0].Error);
            Assert.True(attempts[0].LatencyMs >= Hooks.TimeoutSeconds * 1000 - 100, $"{attempts[0].LatencyMs} ms");
            Assert.All(attempts.Skip(2), a => Assert.False(string.IsNullOrEmpty(a.Error)));
            Assert.True(garbage.Accepted >= 1);

            var next = await Hooks.BuyNowAsync(app); // the worker is alive
            await Hooks.DispatchAsync(app);
            await Eventually.AssertAsync(() => Task.FromResult(healthy.Mentioning(next).Any()), "the healthy receiver gets the next one too");
        }
        finally
        {
            foreach (var endpoint in bad.Append(good)) await Hooks.RemoveAsync(app, endpoint.Id);
        }
    }

    [Fact]
    public async Task Staff_replay_one_delivery_and_everything_failed_since_a_time()
    {
        var up = false;
        await using var receiver = await WebhookReceiver.StartAsync((_, _) => up ? 200 : 500);
        var hook = await Hooks.RegisterAsync(app, receiver.Url, OrderPlaced.Name);
        var staff = await app.StaffClientAsync();
        try
        {
            var since = app.Clock.GetUtcNow();
            var orders = new[] { await Hooks.BuyNowAsync(app), await Hooks.BuyNowAsync(app) };
            await Hooks.DispatchAsync(app);
            await Eventually.AssertAsync(async () => (await Hooks.StoredAsync(app, hook.Id)).All(d => d.Attempts == 1) && receiver.All.Count == 2, "both fail once");

            up = true;
            var replay = await (await staff.PostAsJsonAsync($"/admin/webhooks/endpoints/{hook.Id}/replay-failed", new { since })).JsonAsync(HttpStatusCode.Accepted);
            Assert.Equal(2, replay.GetProperty("replayed").GetInt32());
            Hooks.Advance(app, TimeSpan.FromSeconds(1)); // the next sender round
            await Eventually.AssertAsync(async () => (await Hooks.StoredAsync(app, hook.Id)).All(d => d.Status == DeliveryStatus.Delivered), "both are delivered");
            Assert.All(orders, o => Assert.Equal(2, receiver.Mentioning(o).Count()));

            var one = (await Hooks.StoredAsync(app, hook.Id)).First();
            var replayed = await (await staff.PostAsync($"/admin/webhooks/deliveries/{one.Id}/replay", null)).JsonAsync(HttpStatusCode.Accepted);
            Assert.Equal("pending", replayed.GetProperty("status").GetString());
            Hooks.Advance(app, TimeSpan.FromSeconds(1));
            await Eventually.AssertAsync(() => Task.FromResult(receiver.Seen.GetValueOrDefault(one.WebhookId) == 3), "the replay is sent with the same webhook-id");
            await Eventually.AssertAsync(async () => (await Hooks.AttemptsAsync(app, one.Id)).Count == 3, "and logged as attempt 3");

            await staff.PostAsync($"/admin/webhooks/deliveries/{Guid.NewGuid()}/replay", null).ContinueWith(t => Assert.Equal(HttpStatusCode.NotFound, t.Result.StatusCode));
        }
        finally { await Hooks.RemoveAsync(app, hook.Id); }
    }

    [Fact]
    public async Task The_secret_is_shown_at_creation_only_and_is_sealed_at_rest()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var hook = await Hooks.RegisterAsync(app, receiver.Url, OrderPaid.Name);
        try
        {
            Assert.Matches("^whsec_[A-Za-z0-9+/]+={0,2}$", hook.Secret);
            var key = Convert.FromBase64String(hook.Secret["whsec_".Length..]);
            Assert.Equal(32, key.Length);
            var admin = await app.AdminClientAsync();
            var read = await (await admin.GetAsync($"/admin/webhooks/endpoints/{hook.Id}")).Content.ReadAsStringAsync();
            var list = await (await admin.GetAsync("/admin/webhooks/endpoints?limit=100")).Content.ReadAsStringAsync();
            var audit = await (await admin.GetAsync($"/admin/audit?subjectType=webhook_endpoint&subjectId={hook.Id}")).Content.ReadAsStringAsync();
            Assert.Contains("webhook_endpoint.create", audit);
            Assert.DoesNotContain(hook.Secret["whsec_".Length..], read + list + audit);
            var stored = await app.QueryAsync(db => db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Id == hook.Id));
            Assert.True(stored.Secret.AsSpan().IndexOf(key) < 0, "the key is stored sealed, not as it is");
        }
        finally { await Hooks.RemoveAsync(app, hook.Id); }
    }

    [Fact]
    public async Task A_disabled_endpoint_gets_nothing_and_its_deliveries_are_not_replayed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var hook = await Hooks.RegisterAsync(app, receiver.Url, OrderPlaced.Name);
        var admin = await app.AdminClientAsync();
        try
        {
            await (await admin.PatchAsJsonAsync($"/admin/webhooks/endpoints/{hook.Id}", new { enabled = false })).JsonAsync();
            await Hooks.BuyNowAsync(app);
            await Hooks.DispatchAsync(app);
            Assert.Empty(await Hooks.StoredAsync(app, hook.Id));
            await admin.PostAsJsonAsync($"/admin/webhooks/endpoints/{hook.Id}/replay-failed", new { since = app.Clock.GetUtcNow().AddDays(-1) })
                .AssertProblemAsync(HttpStatusCode.Conflict, "endpoint_disabled");
            await admin.GetAsync($"/admin/webhooks/endpoints/{hook.Id}/deliveries?status=sent").AssertInvalidAsync("status");
            await admin.GetAsync($"/admin/webhooks/endpoints/{hook.Id}/deliveries?cursor=nonsense").AssertInvalidAsync("cursor");

            var enabled = await (await admin.PatchAsJsonAsync($"/admin/webhooks/endpoints/{hook.Id}", new { enabled = true })).JsonAsync();
            Assert.True(enabled.GetProperty("enabled").GetBoolean());
            var order = await Hooks.BuyNowAsync(app);
            await Hooks.DispatchAsync(app);
            await Eventually.AssertAsync(() => Task.FromResult(receiver.Mentioning(order).Any()), "on again, it is sent to");
        }
        finally { await Hooks.RemoveAsync(app, hook.Id); }
    }

    private Task<WebhookEndpoint> Endpoint(Guid id) => Hooks.EndpointAsync(app, id);

    private Task<List<WebhookEndpointDisabled>> DisabledEventsAsync(Guid endpointId) => Hooks.DisabledEventsAsync(app, endpointId);
}

public sealed class WebhookDeliveryTestsOnSqlite(WebhooksSqliteApp app) : WebhookDeliveryTests(app), IClassFixture<WebhooksSqliteApp>;

public sealed class WebhookDeliveryTestsOnPostgres(WebhooksPostgresApp app) : WebhookDeliveryTests(app), IClassFixture<WebhooksPostgresApp>;
