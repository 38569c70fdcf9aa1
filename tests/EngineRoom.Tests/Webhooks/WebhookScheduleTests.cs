using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using EngineRoom.Events;
using EngineRoom.Tests.Infrastructure;
using EngineRoom.Webhooks;

namespace EngineRoom.Tests.Webhooks;

/// <summary>
/// What takes time: retries, the failing streak that disables an endpoint, a rotation's overlap. The clock moves, so
/// signatures are checked with an HMAC written here (a verifier with a 5-minute tolerance on real time would refuse them).
/// </summary>
public abstract class WebhookScheduleTests(EngineRoomApp app)
{
    [Fact]
    public async Task A_receiver_that_fails_twice_gets_the_same_webhook_id_three_times_and_the_delivery_is_delivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync((_, seen) => seen <= 2 ? 500 : 204);
        var hook = await Hooks.RegisterAsync(app, receiver.Url, OrderPlaced.Name);
        try
        {
            var order = await Hooks.BuyNowAsync(app);
            await Hooks.DispatchAsync(app);
            for (var attempt = 1; attempt <= 3; attempt++)
            {
                await Eventually.AssertAsync(async () => (await Hooks.StoredAsync(app, hook.Id)).Single().Attempts == attempt, $"attempt {attempt} is recorded");
                if (attempt < 3) Hooks.Advance(app, RetrySchedule.Delays[attempt - 1] * 1.25); // past the retry, jitter included
            }

            var sent = receiver.Mentioning(order).ToList();
            Assert.Equal(3, sent.Count);
            Assert.Single(sent.Select(s => s.Id).Distinct());
            Assert.All(sent, s => Assert.Contains(Sign(hook.Secret, s), s.Signature.Split(' '))); // an independent HMAC, timestamps from the moved clock
            var delivery = Assert.Single(await Hooks.StoredAsync(app, hook.Id));
            Assert.Equal((DeliveryStatus.Delivered, 3), (delivery.Status, delivery.Attempts));
            Assert.Equal([500, 500, 204], (await Hooks.AttemptsAsync(app, delivery.Id)).Select(a => a.StatusCode));
            Assert.Null((await Endpoint(hook.Id)).FailingSince); // a success ends the failing streak
        }
        finally { await Hooks.RemoveAsync(app, hook.Id); }
    }

    [Fact]
    public async Task An_endpoint_failing_for_the_configured_days_is_disabled_and_an_event_says_so()
    {
        await using var receiver = await WebhookReceiver.StartAsync((_, _) => 503);
        var hook = await Hooks.RegisterAsync(app, receiver.Url, OrderPlaced.Name);
        try
        {
            await Hooks.BuyNowAsync(app);
            await Hooks.DispatchAsync(app);
            await Eventually.AssertAsync(async () => (await Endpoint(hook.Id)).FailingSince is not null, "the first failure starts the streak");
            Hooks.Advance(app, TimeSpan.FromDays(Hooks.DisableAfterDays * 0.7));
            await Hooks.BuyNowAsync(app);
            await Hooks.DispatchAsync(app);
            await Eventually.AssertAsync(async () => (await Hooks.StoredAsync(app, hook.Id)).Count(d => d.Attempts > 0) == 2, "the later event fails too");
            Assert.True((await Endpoint(hook.Id)).Enabled, "70% of the days are not enough");

            Hooks.Advance(app, TimeSpan.FromDays(Hooks.DisableAfterDays * 0.4));
            await Hooks.BuyNowAsync(app);
            await Hooks.DispatchAsync(app);
            await Eventually.AssertAsync(async () => !(await Endpoint(hook.Id)).Enabled, "the endpoint is disabled once the days have passed");
            var disabled = Assert.Single(await DisabledEventsAsync(hook.Id));
            Assert.Equal("failing", disabled.Reason);
            Assert.NotNull(disabled.FailingSince);
        }
        finally { await Hooks.RemoveAsync(app, hook.Id); }
    }

    [Fact]
    public async Task During_a_rotation_both_secrets_sign_and_afterwards_only_the_new_one()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var hook = await Hooks.RegisterAsync(app, receiver.Url, OrderPlaced.Name);
        var admin = await app.AdminClientAsync();
        try
        {
            var rotated = await (await admin.PostAsJsonAsync($"/admin/webhooks/endpoints/{hook.Id}/rotate-secret", new { overlapHours = 0.01 })).JsonAsync();
            var fresh = rotated.GetProperty("secret").GetString()!;
            Assert.StartsWith("whsec_", fresh);
            Assert.True(Convert.FromBase64String(fresh["whsec_".Length..]).Length >= 24);
            Assert.NotEqual(hook.Secret, fresh);

            var test = await (await admin.PostAsync($"/admin/webhooks/endpoints/{hook.Id}/test", null)).JsonAsync();
            Assert.Equal("delivered", test.GetProperty("status").GetString());
            var during = Assert.Single(receiver.All);
            Assert.Equal("webhook.test", during.Type);
            Assert.Equal(2, during.Signature.Split(' ').Length);
            Assert.Equal([Sign(fresh, during), Sign(hook.Secret, during)], during.Signature.Split(' '));

            Hooks.Advance(app, TimeSpan.FromHours(0.011));
            await (await admin.PostAsync($"/admin/webhooks/endpoints/{hook.Id}/test", null)).JsonAsync();
            var after = receiver.All.Last();
            Assert.Equal(Sign(fresh, after), Assert.Single(after.Signature.Split(' ')));
            Assert.DoesNotContain(Sign(hook.Secret, after), after.Signature);
        }
        finally { await Hooks.RemoveAsync(app, hook.Id); }
    }

    private Task<WebhookEndpoint> Endpoint(Guid id) => Hooks.EndpointAsync(app, id);

    private Task<List<WebhookEndpointDisabled>> DisabledEventsAsync(Guid endpointId) => Hooks.DisabledEventsAsync(app, endpointId);

    /// <summary>Standard Webhooks' v1 signature, written here without the server's code.</summary>
    public static string Sign(string secret, Received webhook)
    {
        using var hmac = new HMACSHA256(Convert.FromBase64String(secret["whsec_".Length..]));
        return "v1," + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{webhook.Id}.{webhook.Timestamp}.{webhook.Body}")));
    }
}

public sealed class WebhookScheduleTestsOnSqlite(WebhooksSqliteApp app) : WebhookScheduleTests(app), IClassFixture<WebhooksSqliteApp>;

public sealed class WebhookScheduleTestsOnPostgres(WebhooksPostgresApp app) : WebhookScheduleTests(app), IClassFixture<WebhooksPostgresApp>;
