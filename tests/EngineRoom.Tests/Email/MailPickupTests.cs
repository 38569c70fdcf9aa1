using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace EngineRoom.Tests.Email;

/// <summary>An app as the embedded default runs it: no SMTP server configured.</summary>
public sealed class NoSmtpApp : SqliteApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Smtp:Host", "");
    }
}

/// <summary>Without an SMTP server (the embedded default) mail is written as .eml files a new user can open.</summary>
public sealed class MailPickupTests(NoSmtpApp app) : IClassFixture<NoSmtpApp>
{
    [Fact]
    public async Task Without_an_SMTP_server_the_confirmation_is_an_eml_file_in_the_mail_folder()
    {
        var (orderId, email) = await Mail.BuyNowAsync(app);
        await Mail.DeliverAsync(app);

        string[] Written() => Directory.Exists(app.MailFolder)
            ? Directory.GetFiles(app.MailFolder, "*.eml").Where(f => File.ReadAllText(f).Contains(email, StringComparison.Ordinal)).ToArray()
            : [];
        await Eventually.AssertAsync(() => Task.FromResult(Written().Length >= 2), "the confirmation and the receipt written as .eml files");
        await using var file = File.OpenRead(Written()[0]);
        var message = await MimeKit.MimeMessage.LoadAsync(file);
        Assert.Equal(email, Assert.Single(message.To.Mailboxes).Address);
        Assert.Contains(Written(), f => File.ReadAllText(f).Contains(orderId.ToString(), StringComparison.OrdinalIgnoreCase));
        Assert.Empty(app.Smtp.To(email));
    }
}
