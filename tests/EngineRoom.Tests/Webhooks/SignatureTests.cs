using System.Net;
using EngineRoom.Webhooks;
using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace EngineRoom.Tests.Webhooks;

public sealed class SignatureTests
{
    // The test vector of the Standard Webhooks reference libraries (libraries/*/tests, "verifyWebhookSignWorks").
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string MessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Payload = "{\"test\": 2432232314}";
    private const string Expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static byte[] Key(string secret) => Convert.FromBase64String(secret["whsec_".Length..]);

    [Fact]
    public void The_signature_matches_the_published_example()
    {
        Assert.Equal(Expected, WebhookSecrets.Signature([Key(Secret)], MessageId, Timestamp, Payload));
        Assert.Equal(Expected, new StandardWebhook(Secret).Sign(MessageId, DateTimeOffset.FromUnixTimeSeconds(Timestamp), Payload));
    }

    [Fact]
    public void During_a_rotation_each_key_signs_and_the_signatures_are_space_separated()
    {
        var other = Convert.FromBase64String("c2Vjb25kLWtleS1mb3Itcm90YXRpb24tdGVzdHM=");
        var header = WebhookSecrets.Signature([Key(Secret), other], MessageId, Timestamp, Payload);
        var parts = header.Split(' ');
        Assert.Equal(Expected, parts[0]);
        Assert.Equal(WebhookSecrets.Signature([other], MessageId, Timestamp, Payload), parts[1]);
    }

    [Fact]
    public void A_new_secret_is_whsec_and_32_random_bytes_and_only_its_endpoint_opens_it()
    {
        var secrets = new WebhookSecrets(new byte[32]);
        var endpoint = Guid.NewGuid();
        var (shown, sealedSecret) = secrets.Create(endpoint);
        Assert.StartsWith("whsec_", shown);
        Assert.Equal(Key(shown), secrets.Open(endpoint, sealedSecret));
        Assert.Null(secrets.Open(Guid.NewGuid(), sealedSecret));
        Assert.Null(new WebhookSecrets(Enumerable.Repeat((byte)1, 32).ToArray()).Open(endpoint, sealedSecret));
        Assert.NotEqual(shown, secrets.Create(endpoint).Shown);
    }

    [Fact]
    public void The_schedule_retries_for_about_three_days_with_jitter()
    {
        var total = TimeSpan.Zero;
        for (var attempt = 1; RetrySchedule.After(attempt) is { } delay; attempt++)
        {
            var nominal = RetrySchedule.Delays[attempt - 1];
            Assert.InRange(delay, nominal * 0.8, nominal * 1.2);
            total += nominal;
        }
        Assert.Equal(10, RetrySchedule.MaxAttempts);
        Assert.Null(RetrySchedule.After(10));
        Assert.InRange(total.TotalDays, 3, 3.3);
        Assert.Equal(TimeSpan.FromHours(3), RetrySchedule.After(1, retryAfter: TimeSpan.FromHours(3)));
    }
}

/// <summary>The guard as it runs in production (private networks off), at registration and on every connection.</summary>
public sealed class SsrfGuardTests
{
    private static WebhookUrls Guard(bool allowPrivate = false) =>
        new(Options.Create(new WebhookOptions { AllowPrivateNetworks = allowPrivate }));

    [Theory]
    [InlineData("127.0.0.1"), InlineData("127.255.0.1"), InlineData("10.0.0.1"), InlineData("172.31.255.255"), InlineData("192.168.0.1"),
     InlineData("100.64.0.1"), InlineData("169.254.169.254"), InlineData("169.254.1.1"), InlineData("0.0.0.0"), InlineData("224.0.0.251"),
     InlineData("255.255.255.255"), InlineData("::1"), InlineData("::"), InlineData("fd00:ec2::254"), InlineData("fc00::1"), InlineData("fe80::1"),
     InlineData("ff02::1"), InlineData("::ffff:10.0.0.1"), InlineData("64:ff9b::7f00:1")]
    public void Addresses_that_are_not_public_are_refused(string address) => Assert.NotNull(Guard().Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34"), InlineData("8.8.8.8"), InlineData("2606:4700:4700::1111"), InlineData("64:ff9b::808:808"), InlineData("::ffff:1.1.1.1")]
    public void Public_addresses_are_accepted(string address) => Assert.Null(Guard().Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("169.254.169.254"), InlineData("fd00:ec2::254"), InlineData("::ffff:169.254.169.254")]
    public void Cloud_metadata_stays_refused_with_private_networks_allowed(string address)
    {
        Assert.NotNull(Guard(allowPrivate: true).Refusal(IPAddress.Parse(address)));
        Assert.Null(Guard(allowPrivate: true).Refusal(IPAddress.Loopback));
    }

    [Theory]
    [InlineData("127.0.0.1"), InlineData("localhost")]
    public async Task The_connection_itself_is_refused_when_the_host_resolves_to_loopback_at_send_time(string host)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var port = new Uri(receiver.Url).Port;
        using var client = new HttpClient(new SocketsHttpHandler { ConnectCallback = Guard().ConnectAsync, UseProxy = false });
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync($"http://{host}:{port}/hook", new StringContent("{}")));
        Assert.IsType<WebhookRefusedException>(refused.InnerException);
        Assert.Empty(receiver.All);

        using var allowed = new HttpClient(new SocketsHttpHandler { ConnectCallback = Guard(allowPrivate: true).ConnectAsync, UseProxy = false });
        Assert.Equal(HttpStatusCode.OK, (await allowed.PostAsync($"http://{host}:{port}/hook", new StringContent("{}"))).StatusCode);
    }
}
