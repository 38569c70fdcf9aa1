using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Customers;

public abstract class PasswordResetTests(EngineRoomApp app)
{
    private const string Password = "correct horse battery";
    private const string NewPassword = "a brand new passphrase";

    private async Task<string> RegisterAsync()
    {
        var email = $"reset-{Guid.NewGuid():N}@example.com";
        await app.CustomerClientAsync(email);
        return email;
    }

    private async Task<string> RequestTokenAsync(string email)
    {
        var answer = await app.CreateClient().PostAsJsonAsync("/auth/password-reset", new { email });
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        return (await app.Mail.LastAsync(email, "PasswordReset")).Token;
    }

    private Task<HttpResponseMessage> ConfirmAsync(string email, string token, string password = NewPassword) =>
        app.CreateClient().PostAsJsonAsync("/auth/password-reset/confirm", new { email, token, newPassword = password });

    private Task<HttpResponseMessage> SignInAsync(string email, string password) =>
        app.CreateClient().PostAsJsonAsync("/auth/token", new { email, password });

    [Fact]
    public async Task A_reset_round_trip_sets_the_new_password_and_ends_every_session_on_every_instance()
    {
        var email = await RegisterAsync();
        var session = await (await SignInAsync(email, Password)).ReadAsAsync<EngineRoomApp.TokenPair>();
        await using var other = app.WithWebHostBuilder(_ => { }); // a second instance on the same database
        var onOther = other.CreateClient();
        onOther.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await onOther.GetAsync("/store/me")).StatusCode); // cached there before the reset

        var token = await RequestTokenAsync(email);
        var stored = await app.QueryAsync(db => db.AccountTokens.AsNoTracking().Where(t => t.Email == email).Select(t => t.TokenHash).ToListAsync());
        Assert.DoesNotContain(stored, h => System.Text.Encoding.UTF8.GetString(h).Contains(token, StringComparison.Ordinal)); // a hash, not the token
        Assert.Equal(HttpStatusCode.NoContent, (await ConfirmAsync(email, token)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(email, NewPassword)).StatusCode);
        await (await SignInAsync(email, Password)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        var here = app.CreateClient();
        here.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.AccessToken);
        await (await here.GetAsync("/store/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        await Eventually.AssertAsync(async () => (await onOther.GetAsync("/store/me")).StatusCode == HttpStatusCode.Unauthorized,
            "the other instance refuses the session the reset ended");
        await (await app.CreateClient().PostAsJsonAsync("/auth/refresh", new { refreshToken = session.RefreshToken }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        var me = await (await (await app.SignedInClientAsync(email, NewPassword)).GetAsync("/store/me")).JsonAsync();
        Assert.True(me.GetProperty("emailVerified").GetBoolean()); // the link reached the address
    }

    [Fact]
    public async Task Reused_expired_tampered_and_another_accounts_tokens_are_refused_and_change_nothing()
    {
        var alice = await RegisterAsync();
        var bob = await RegisterAsync();

        var used = await RequestTokenAsync(alice);
        Assert.Equal(HttpStatusCode.NoContent, (await ConfirmAsync(alice, used)).StatusCode);
        await (await ConfirmAsync(alice, used, "yet another password")).AssertProblemAsync(HttpStatusCode.BadRequest, "reset_token_invalid");

        var bobs = await RequestTokenAsync(bob);
        await (await ConfirmAsync(alice, bobs, "stolen by alice")).AssertProblemAsync(HttpStatusCode.BadRequest, "reset_token_invalid");
        var tampered = bobs[..^2] + (bobs[^2] == 'A' ? "BB" : "AA");
        await (await ConfirmAsync(bob, tampered)).AssertProblemAsync(HttpStatusCode.BadRequest, "reset_token_invalid");
        await (await ConfirmAsync(bob, "not-a-token")).AssertProblemAsync(HttpStatusCode.BadRequest, "reset_token_invalid");

        var older = bobs;
        var newer = await RequestTokenAsync(bob); // a newer link voids the older one
        await (await ConfirmAsync(bob, older)).AssertProblemAsync(HttpStatusCode.BadRequest, "reset_token_invalid");

        app.Clock.Advance(TimeSpan.FromMinutes(31)); // Customers:PasswordResetMinutes is 30 (time only moves on, as in ApiKeyTests)
        await (await ConfirmAsync(bob, newer)).AssertProblemAsync(HttpStatusCode.BadRequest, "reset_token_invalid");

        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(bob, Password)).StatusCode); // nothing changed for bob
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(alice, NewPassword)).StatusCode);
        var fresh = await RequestTokenAsync(bob);
        await (await ConfirmAsync(bob, fresh, "short")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed"); // register's rules
        Assert.Equal(HttpStatusCode.NoContent, (await ConfirmAsync(bob, fresh)).StatusCode); // and the refusal did not use the token up
    }

    [Fact]
    public async Task Ten_concurrent_confirmations_of_one_token_set_one_password()
    {
        var email = await RegisterAsync();
        var token = await RequestTokenAsync(email);
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => ConfirmAsync(email, token, $"racing password {i}")));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.NoContent);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.NoContent))
            await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "reset_token_invalid");
        var winner = Array.FindIndex(answers, a => a.StatusCode == HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(email, $"racing password {winner}")).StatusCode);
        await (await SignInAsync(email, $"racing password {(winner + 1) % 10}")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_answer_and_no_mail()
    {
        var email = $"nobody-{Guid.NewGuid():N}@example.com";
        var known = await RegisterAsync();
        var forUnknown = await app.CreateClient().PostAsJsonAsync("/auth/password-reset", new { email });
        var forKnown = await app.CreateClient().PostAsJsonAsync("/auth/password-reset", new { email = known });
        Assert.Equal(forKnown.StatusCode, forUnknown.StatusCode);
        Assert.Equal(await forKnown.Content.ReadAsStringAsync(), await forUnknown.Content.ReadAsStringAsync());
        Assert.Empty((await app.Mail.ToAsync(email, "PasswordReset")));
        Assert.Single((await app.Mail.ToAsync(known, "PasswordReset")));
    }

    [Fact]
    public async Task Reset_requests_are_limited_per_address_and_per_client_with_429()
    {
        await using var limited = app.WithWebHostBuilder(b => b.UseSetting("Customers:MailPerAddressPerHour", "2").UseSetting("Customers:MailPerClientPerHour", "5"));
        var client = limited.CreateClient();
        var email = $"nobody-{Guid.NewGuid():N}@example.com"; // no account: limited all the same
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/auth/password-reset", new { email })).StatusCode);
        var refused = await client.PostAsJsonAsync("/auth/password-reset", new { email });
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
        Assert.NotNull(refused.Headers.RetryAfter);

        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/auth/password-reset", new { email = $"n{i}-{Guid.NewGuid():N}@example.com" })).StatusCode);
        await (await client.PostAsJsonAsync("/auth/password-reset", new { email = $"n-{Guid.NewGuid():N}@example.com" }))
            .AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_attempts"); // the client's sixth request (the refused one counted)
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PasswordResetTestsOnSqlite(SqliteApp app) : PasswordResetTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PasswordResetTestsOnPostgres(PostgresApp app) : PasswordResetTests(app);
