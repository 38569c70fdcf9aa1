using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace EngineRoom.Tests.Payments;

/// <summary><c>Payments:Provider=stripe</c> without its secrets, or a provider nobody knows, is a server that does not start.</summary>
public sealed class StripeConfigurationTests
{
    [Theory]
    [InlineData("stripe", null, "whsec_configured", "Stripe:SecretKey")]
    [InlineData("stripe", "sk_test_configured", null, "Stripe:WebhookSecret")]
    [InlineData("stripe", "pk_test_publishable", "whsec_configured", "Stripe:SecretKey")]
    [InlineData("paypal", null, null, "Payments:Provider")]
    public async Task The_server_refuses_to_start_and_names_the_setting(string provider, string? secretKey, string? webhookSecret, string named)
    {
        await using var app = new SqliteApp();
        using var configured = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Payments:Provider", provider);
            if (secretKey is not null) b.UseSetting("Stripe:SecretKey", secretKey);
            if (webhookSecret is not null) b.UseSetting("Stripe:WebhookSecret", webhookSecret);
        });
        var error = Assert.ThrowsAny<Exception>(() => configured.CreateClient());
        Assert.Contains(named, error.ToString());
        if (secretKey is not null) Assert.DoesNotContain(secretKey, error.ToString());
    }
}
