using EngineRoom.Tests.Infrastructure;

namespace EngineRoom.Tests.Email;

/// <summary>Without an SMTP server (the embedded default) mail is written as .eml files a new user can open.</summary>
public abstract class MailPickupTests(EngineRoomApp app)
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
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MailPickupTestsOnSqlite(SqliteApp app) : MailPickupTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MailPickupTestsOnPostgres(PostgresApp app) : MailPickupTests(app);
