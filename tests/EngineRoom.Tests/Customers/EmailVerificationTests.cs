using System.Net;
using System.Net.Http.Json;
using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace EngineRoom.Tests.Customers;

public abstract class EmailVerificationTests(EngineRoomApp app)
{
    private const string Password = "correct horse battery";

    private static string NewEmail(string tag) => $"{tag}-{Guid.NewGuid():N}@example.com";

    private Task<HttpResponseMessage> VerifyAsync(string email, string token) =>
        app.CreateClient().PostAsJsonAsync("/auth/verify-email", new { email, token });

    [Fact]
    public async Task Registration_mails_a_link_that_verifies_the_email_once()
    {
        var email = NewEmail("verify");
        var client = await app.CustomerClientAsync(email);
        Assert.False((await (await client.GetAsync("/store/me")).JsonAsync()).GetProperty("emailVerified").GetBoolean());
        var first = (await app.Mail.LastAsync(email, "VerifyEmail")).Token;

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/store/me/email/verification", null)).StatusCode); // resend
        await (await VerifyAsync(email, first)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_token_invalid"); // the resend voided it
        var second = (await app.Mail.LastAsync(email, "VerifyEmail")).Token;
        await (await VerifyAsync(NewEmail("other"), second)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_token_invalid");
        Assert.Equal(HttpStatusCode.NoContent, (await VerifyAsync(email, second)).StatusCode);
        await (await VerifyAsync(email, second)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_token_invalid");

        Assert.True((await (await client.GetAsync("/store/me")).JsonAsync()).GetProperty("emailVerified").GetBoolean());
        await (await client.PostAsync("/store/me/email/verification", null)).AssertProblemAsync(HttpStatusCode.Conflict, "email_already_verified");
    }

    [Fact]
    public async Task An_expired_link_is_refused()
    {
        var email = NewEmail("late");
        await app.CustomerClientAsync(email);
        app.Clock.Advance(TimeSpan.FromHours(49)); // Customers:EmailVerificationHours is 48
        await (await VerifyAsync(email, (await app.Mail.LastAsync(email, "VerifyEmail")).Token)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_token_invalid");
    }

    [Fact]
    public async Task Changing_the_email_needs_the_password_verifies_the_new_address_and_tells_the_old_one()
    {
        var old = NewEmail("old");
        var client = await app.CustomerClientAsync(old);
        var changed = NewEmail("new");
        await (await client.PostAsJsonAsync("/store/me/email", new { newEmail = changed, password = "not the password" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Empty((await app.Mail.ToAsync(changed, "VerifyEmail")));

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/store/me/email", new { newEmail = changed, password = Password })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/store/me")).StatusCode); // nothing changes before the link is used
        var token = (await app.Mail.LastAsync(changed, "VerifyEmail")).Token;
        await (await VerifyAsync(old, token)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_token_invalid");
        Assert.Equal(HttpStatusCode.NoContent, (await VerifyAsync(changed, token)).StatusCode);

        var notice = (await app.Mail.LastAsync(old, "EmailChanged"));
        Assert.Equal(changed, notice.NewEmail);
        await (await client.GetAsync("/store/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token"); // sessions ended
        var me = await (await (await app.SignedInClientAsync(changed, Password)).GetAsync("/store/me")).JsonAsync();
        Assert.Equal(changed, me.GetProperty("email").GetString());
        Assert.True(me.GetProperty("emailVerified").GetBoolean());
        await (await app.CreateClient().PostAsJsonAsync("/auth/token", new { email = old, password = Password }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        // The old address's registration link no longer proves anything.
        await (await VerifyAsync(old, (await app.Mail.LastAsync(old, "VerifyEmail")).Token)).AssertProblemAsync(HttpStatusCode.BadRequest, "verification_token_invalid");
    }

    [Fact]
    public async Task A_taken_address_gets_the_same_answer_and_no_mail()
    {
        var taken = NewEmail("taken");
        await app.CustomerClientAsync(taken);
        var mailsBefore = (await app.Mail.ToAsync(taken, "VerifyEmail")).Count;
        var client = await app.CustomerClientAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/store/me/email", new { newEmail = taken, password = Password })).StatusCode);
        Assert.Equal(mailsBefore, (await app.Mail.ToAsync(taken, "VerifyEmail")).Count);
    }

    [Fact]
    public async Task Profile_edits_record_when_consent_was_given_and_withdrawn_and_refuse_line_breaks()
    {
        var client = await app.CustomerClientAsync();
        var given = await (await client.PatchAsJsonAsync("/store/me", new { name = "Ada King", phone = "+44 20 7946 0000", marketingConsent = true })).JsonAsync();
        Assert.Equal("Ada King", given.GetProperty("name").GetString());
        Assert.Equal("+44 20 7946 0000", given.GetProperty("phone").GetString());
        Assert.True(given.GetProperty("marketingConsent").GetBoolean());
        var givenAt = given.GetProperty("marketingConsentChangedAt").GetDateTimeOffset();

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var same = await (await client.PatchAsJsonAsync("/store/me", new { name = "Ada" })).JsonAsync();
        Assert.True((same.GetProperty("marketingConsentChangedAt").GetDateTimeOffset() - givenAt).Duration() < TimeSpan.FromMilliseconds(1)); // untouched (PostgreSQL keeps microseconds)
        var withdrawn = await (await client.PatchAsJsonAsync("/store/me", new { marketingConsent = false })).JsonAsync();
        Assert.False(withdrawn.GetProperty("marketingConsent").GetBoolean());
        Assert.True(withdrawn.GetProperty("marketingConsentChangedAt").GetDateTimeOffset() > givenAt);

        foreach (var name in new[] { "Eve\r\nBcc: all@example.com", "Eve\nX", "Eve\u202Eevil", "Eve\tTab" })
        {
            await (await client.PatchAsJsonAsync("/store/me", new { name })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            await (await app.CreateClient().PostAsJsonAsync("/auth/register", new { email = NewEmail("crlf"), password = Password, name }))
                .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        }
        await (await client.PatchAsJsonAsync("/store/me", new { phone = "call me maybe" })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("Ada", (await (await client.GetAsync("/store/me")).JsonAsync()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Checkout_refuses_an_unverified_customer_when_the_shop_requires_it()
    {
        await using var strict = app.WithWebHostBuilder(b => b.UseSetting("Customers:RequireVerifiedEmailForCheckout", "true"));
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 5);
        var email = NewEmail("strict");
        await app.CustomerClientAsync(email);
        var client = strict.CreateClient();
        var token = await (await client.PostAsJsonAsync("/auth/token", new { email, password = Password })).ReadAsAsync<EngineRoomApp.TokenPair>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.AccessToken);
        var body = new { lines = new[] { new { sku, quantity = 1 } }, paymentToken = "tok_visa" };

        await (await client.PostAsJsonAsync("/store/orders", body)).AssertProblemAsync(HttpStatusCode.Forbidden, "email_not_verified");
        Assert.Equal(HttpStatusCode.Created, (await strict.CreateClient().PostAsJsonAsync("/store/orders", new { body.lines, body.paymentToken, email = NewEmail("guest") })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await VerifyAsync(email, (await app.Mail.LastAsync(email, "VerifyEmail")).Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/store/orders", body)).StatusCode);
        await Invariants.AssertHoldAsync(app);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class EmailVerificationTestsOnSqlite(SqliteApp app) : EmailVerificationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class EmailVerificationTestsOnPostgres(PostgresApp app) : EmailVerificationTests(app);
