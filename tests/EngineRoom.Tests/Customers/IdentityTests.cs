using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Tests.Infrastructure;

namespace EngineRoom.Tests.Customers;

public abstract class IdentityTests(EngineRoomApp app)
{
    private const string Password = "correct horse battery";

    private static string NewEmail() => $"id-{Guid.NewGuid():N}@example.com";

    private async Task<EngineRoomApp.TokenPair> RegisterAndSignInAsync(string email)
    {
        var client = app.CreateClient();
        (await client.PostAsJsonAsync("/auth/register", new { email, password = Password, name = "Ada" })).EnsureSuccessStatusCode();
        return await (await client.PostAsJsonAsync("/auth/token", new { email, password = Password })).ReadAsAsync<EngineRoomApp.TokenPair>();
    }

    private HttpClient ClientWith(string accessToken)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    [Fact]
    public async Task Registered_customer_signs_in_and_reads_own_profile()
    {
        var email = NewEmail();
        var tokens = await RegisterAndSignInAsync(email);
        Assert.Equal("Bearer", tokens.TokenType);
        Assert.Equal(15 * 60, tokens.ExpiresIn);

        var me = await (await ClientWith(tokens.AccessToken).GetAsync("/store/me")).JsonAsync();
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal("customer", me.GetProperty("role").GetString());
        Assert.Equal("Ada", me.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Registering_a_taken_email_answers_the_same_and_changes_nothing()
    {
        var email = NewEmail();
        var client = app.CreateClient();
        var first = await client.PostAsJsonAsync("/auth/register", new { email, password = Password, name = "Ada" });
        var again = await client.PostAsJsonAsync("/auth/register", new { email = email.ToUpperInvariant(), password = "another password", name = "Eve" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal((await first.JsonAsync(HttpStatusCode.Created)).GetProperty("message").GetString(),
                     (await again.JsonAsync(HttpStatusCode.Created)).GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/auth/token", new { email, password = Password })).StatusCode);
        await (await client.PostAsJsonAsync("/auth/token", new { email, password = "another password" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task Unknown_email_and_wrong_password_get_the_same_answer()
    {
        var email = NewEmail();
        await RegisterAndSignInAsync(email);
        var client = app.CreateClient();
        var wrongPassword = await (await client.PostAsJsonAsync("/auth/token", new { email, password = "not the password" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        var unknown = await (await client.PostAsJsonAsync("/auth/token", new { email = NewEmail(), password = "not the password" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(wrongPassword.GetProperty("detail").GetString(), unknown.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Refresh_rotates_and_reuse_of_a_rotated_token_revokes_the_family()
    {
        var first = await RegisterAndSignInAsync(NewEmail());
        var client = app.CreateClient();

        var second = await (await client.PostAsJsonAsync("/auth/refresh", new { refreshToken = first.RefreshToken })).ReadAsAsync<EngineRoomApp.TokenPair>();
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, (await ClientWith(second.AccessToken).GetAsync("/store/me")).StatusCode);

        // The first token was rotated: presenting it again is theft, and kills the whole sign-in.
        await (await client.PostAsJsonAsync("/auth/refresh", new { refreshToken = first.RefreshToken }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "refresh_token_reused");
        await (await client.PostAsJsonAsync("/auth/refresh", new { refreshToken = second.RefreshToken }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    [Fact]
    public async Task Concurrent_refreshes_with_one_token_let_at_most_one_through()
    {
        var tokens = await RegisterAndSignInAsync(NewEmail());
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            app.CreateClient().PostAsJsonAsync("/auth/refresh", new { refreshToken = tokens.RefreshToken })));
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.OK) <= 1);
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized, a.StatusCode.ToString()));
        // Reuse was seen, so every token of the family is dead, including the one that got through.
        var winners = answers.Where(a => a.StatusCode == HttpStatusCode.OK).ToList();
        foreach (var winner in winners)
        {
            var pair = await winner.ReadAsAsync<EngineRoomApp.TokenPair>();
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsJsonAsync("/auth/refresh", new { refreshToken = pair.RefreshToken })).StatusCode);
        }
    }

    [Fact]
    public async Task Logout_revokes_the_refresh_token()
    {
        var tokens = await RegisterAndSignInAsync(NewEmail());
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/auth/logout", new { refreshToken = tokens.RefreshToken })).StatusCode);
        await (await client.PostAsJsonAsync("/auth/refresh", new { refreshToken = tokens.RefreshToken }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/auth/logout", new { refreshToken = "never-issued" })).StatusCode);
    }

    [Fact]
    public async Task Repeated_failures_lock_the_email_with_429_and_retry_after_then_unlock()
    {
        var email = NewEmail();
        await RegisterAndSignInAsync(email);
        var client = app.CreateClient();
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.PostAsJsonAsync("/auth/token", new { email, password = "wrong password" })));

        var locked = await client.PostAsJsonAsync("/auth/token", new { email, password = Password });
        await locked.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // A stranger's email locks the same way, so lockout does not reveal who is registered.
        var stranger = NewEmail();
        for (var i = 0; i < 5; i++) await client.PostAsJsonAsync("/auth/token", new { email = stranger, password = "wrong password" });
        await (await client.PostAsJsonAsync("/auth/token", new { email = stranger, password = "wrong password" }))
            .AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");

        app.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/auth/token", new { email, password = Password })).StatusCode);
    }

    [Fact]
    public async Task Expired_tampered_and_foreign_tokens_are_refused()
    {
        var tokens = await RegisterAndSignInAsync(NewEmail());
        var parts = tokens.AccessToken.Split('.');

        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Convert.FromBase64String(Pad(parts[1])))!;
        payload["role"] = JsonSerializer.SerializeToElement("admin");
        var forgedPayload = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(payload)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var tampered = $"{parts[0]}.{forgedPayload}.{parts[2]}";
        Assert.Equal(HttpStatusCode.Unauthorized, (await ClientWith(tampered).GetAsync("/admin/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ClientWith($"{parts[0]}.{parts[1]}.{parts[2][..^4]}AAAA").GetAsync("/store/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ClientWith($"{parts[0]}.{parts[1]}.").GetAsync("/store/me")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await ClientWith(tokens.AccessToken).GetAsync("/store/me")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(31)); // lifetime plus the 30 s skew
        var expired = await ClientWith(tokens.AccessToken).GetAsync("/store/me");
        await expired.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - s.Length % 4) % 4);
    }

    [Fact]
    public async Task Customers_cannot_reach_admin_and_anonymous_callers_must_sign_in()
    {
        var customer = await app.CustomerClientAsync();
        await (await customer.GetAsync("/admin/staff")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await customer.PostAsJsonAsync("/admin/staff", new { email = NewEmail(), name = "X", password = "password123", role = "admin" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await app.CreateClient().GetAsync("/admin/staff")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await app.CreateClient().GetAsync("/store/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");

        var staff = await app.StaffClientAsync();
        await (await staff.GetAsync("/admin/staff")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden"); // admins only
    }

    [Fact]
    public async Task Bad_bodies_get_400_problem_details_naming_the_fields()
    {
        var client = app.CreateClient();
        var invalid = await (await client.PostAsJsonAsync("/auth/register", new { email = "not-an-email", password = "short", name = "" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var errors = invalid.GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _) || errors.TryGetProperty("Email", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("password", out _) || errors.TryGetProperty("Password", out _), errors.ToString());

        await (await client.PostAsync("/auth/token", new StringContent("{\"email\": ", System.Text.Encoding.UTF8, "application/json")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_json");
        await (await client.PostAsync("/auth/token", new StringContent("email=a", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded")))
            .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        var huge = new string('a', 2 << 20);
        await (await client.PostAsync("/auth/register", new StringContent($"{{\"email\":\"{huge}\"}}", System.Text.Encoding.UTF8, "application/json")))
            .AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class IdentityTestsOnSqlite(SqliteApp app) : IdentityTests(app);

[Collection(PostgresCollection.Name)]
public sealed class IdentityTestsOnPostgres(PostgresApp app) : IdentityTests(app);
