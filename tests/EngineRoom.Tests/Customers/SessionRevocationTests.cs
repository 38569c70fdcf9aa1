using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EngineRoom.Tests.Infrastructure;

namespace EngineRoom.Tests.Customers;

/// <summary>
/// Access tokens lose their power at once when the account changes (role, disabled, password) or their sign-in ends
/// (logout), on the instance that took the change. <see cref="TwoInstanceRevocationTests"/> covers the other instances.
/// </summary>
public abstract class SessionRevocationTests(EngineRoomApp app)
{
    private const string Password = "correct horse battery";

    private static string NewEmail(string who = "sess") => $"{who}-{Guid.NewGuid():N}@example.com";

    private async Task<EngineRoomApp.TokenPair> SignInAsync(string email, string password = Password) =>
        await (await app.CreateClient().PostAsJsonAsync("/auth/token", new { email, password })).ReadAsAsync<EngineRoomApp.TokenPair>();

    private HttpClient ClientWith(string accessToken)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    private async Task<(Guid Id, string Email)> CreateStaffAsync(HttpClient admin, string role, string password = Password)
    {
        var email = NewEmail(role);
        var created = await (await admin.PostAsJsonAsync("/admin/staff", new { email, name = "Staff", password, role }))
            .JsonAsync(HttpStatusCode.Created);
        return (created.GetProperty("id").GetGuid(), email);
    }

    [Fact]
    public async Task A_demoted_admin_s_old_token_can_no_longer_create_staff()
    {
        var admin = await app.AdminClientAsync();
        var (id, email) = await CreateStaffAsync(admin, "admin");
        var demoted = ClientWith((await SignInAsync(email)).AccessToken);
        await demoted.PostAsJsonAsync("/admin/staff", new { email = NewEmail(), name = "Ok", password = Password, role = "staff" })
            .JsonAsync(HttpStatusCode.Created);

        await admin.PatchAsJsonAsync($"/admin/staff/{id}", new { role = "staff" }).JsonAsync();

        await demoted.PostAsJsonAsync("/admin/staff", new { email = NewEmail(), name = "Eve", password = Password, role = "admin" })
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        // Signing in again gives a token with the new role: staff work, not staff management.
        var again = ClientWith((await SignInAsync(email)).AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/admin/orders")).StatusCode);
        await again.GetAsync("/admin/staff").AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_disabled_staff_member_s_token_gets_401_at_once_and_stays_dead_after_re_enabling()
    {
        var admin = await app.AdminClientAsync();
        var (id, email) = await CreateStaffAsync(admin, "staff");
        var staff = ClientWith((await SignInAsync(email)).AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/admin/orders")).StatusCode);

        await admin.PatchAsJsonAsync($"/admin/staff/{id}", new { disabled = true }).JsonAsync();
        await staff.GetAsync("/admin/orders").AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");

        await admin.PatchAsJsonAsync($"/admin/staff/{id}", new { disabled = false }).JsonAsync();
        await staff.GetAsync("/admin/orders").AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Equal(HttpStatusCode.OK, (await ClientWith((await SignInAsync(email)).AccessToken).GetAsync("/admin/orders")).StatusCode);
    }

    [Fact]
    public async Task Renaming_staff_leaves_their_tokens_working()
    {
        var admin = await app.AdminClientAsync();
        var (id, email) = await CreateStaffAsync(admin, "staff");
        var staff = ClientWith((await SignInAsync(email)).AccessToken);
        await admin.PatchAsJsonAsync($"/admin/staff/{id}", new { name = "Renamed", role = "staff" }).JsonAsync();
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/admin/orders")).StatusCode);
    }

    [Fact]
    public async Task Logout_kills_that_session_s_access_token_and_leaves_the_other_session_working()
    {
        var email = NewEmail();
        await app.CustomerClientAsync(email);
        var phone = await SignInAsync(email);
        var laptop = await SignInAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await ClientWith(phone.AccessToken).GetAsync("/store/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await app.CreateClient().PostAsJsonAsync("/auth/logout", new { refreshToken = phone.RefreshToken })).StatusCode);

        await ClientWith(phone.AccessToken).GetAsync("/store/me").AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        // Routes open to guests refuse it too, rather than serving its holder as a guest.
        await ClientWith(phone.AccessToken).PostAsJsonAsync("/store/carts", new { }).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Equal(HttpStatusCode.OK, (await ClientWith(laptop.AccessToken).GetAsync("/store/me")).StatusCode);
    }

    [Fact]
    public async Task Reusing_a_rotated_refresh_token_also_kills_the_session_s_access_token()
    {
        var email = NewEmail();
        await app.CustomerClientAsync(email);
        var first = await SignInAsync(email);
        var second = await (await app.CreateClient().PostAsJsonAsync("/auth/refresh", new { refreshToken = first.RefreshToken }))
            .ReadAsAsync<EngineRoomApp.TokenPair>();
        Assert.Equal(HttpStatusCode.OK, (await ClientWith(second.AccessToken).GetAsync("/store/me")).StatusCode);

        await app.CreateClient().PostAsJsonAsync("/auth/refresh", new { refreshToken = first.RefreshToken })
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "refresh_token_reused");
        await ClientWith(second.AccessToken).GetAsync("/store/me").AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Changing_the_password_ends_every_session_of_the_account()
    {
        var email = NewEmail();
        await app.CustomerClientAsync(email);
        var phone = await SignInAsync(email);
        var laptop = await SignInAsync(email);

        await ClientWith(phone.AccessToken).PostAsJsonAsync("/store/me/password", new { currentPassword = "wrong password", newPassword = "a new long password" })
            .AssertInvalidAsync("currentPassword");
        var changed = await ClientWith(phone.AccessToken).PostAsJsonAsync("/store/me/password", new { currentPassword = Password, newPassword = "a new long password" });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);

        await ClientWith(phone.AccessToken).GetAsync("/store/me").AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        await ClientWith(laptop.AccessToken).GetAsync("/store/me").AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        await app.CreateClient().PostAsJsonAsync("/auth/refresh", new { refreshToken = laptop.RefreshToken })
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        await app.CreateClient().PostAsJsonAsync("/auth/token", new { email, password = Password })
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(HttpStatusCode.OK, (await ClientWith((await SignInAsync(email, "a new long password")).AccessToken).GetAsync("/store/me")).StatusCode);
    }

    [Fact]
    public async Task Token_answers_are_never_cached()
    {
        var email = NewEmail();
        await app.CustomerClientAsync(email);
        var signIn = await app.CreateClient().PostAsJsonAsync("/auth/token", new { email, password = Password });
        AssertNoStore(signIn);
        var pair = await signIn.ReadAsAsync<EngineRoomApp.TokenPair>();
        AssertNoStore(await app.CreateClient().PostAsJsonAsync("/auth/refresh", new { refreshToken = pair.RefreshToken }));
        AssertNoStore(await app.CreateClient().PostAsJsonAsync("/auth/register", new { email = NewEmail(), password = Password, name = "Ada" }));
    }

    private static void AssertNoStore(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Contains("no-cache", response.Headers.Pragma.Select(p => p.Name));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SessionRevocationTestsOnSqlite(SqliteApp app) : SessionRevocationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SessionRevocationTestsOnPostgres(PostgresApp app) : SessionRevocationTests(app);
