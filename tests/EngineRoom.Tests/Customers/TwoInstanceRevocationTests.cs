using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EngineRoom.Tests.Infrastructure;

namespace EngineRoom.Tests.Customers;

/// <summary>
/// Two instances on one PostgreSQL database: a change taken by instance A reaches instance B's cache within its poll
/// interval, even for tokens B has already accepted (and so holds in its cache).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoInstanceRevocationTests
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Demote_disable_and_logout_through_one_instance_are_refused_by_the_other()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        await using var a = await PostgresInstance.StartAsync(database);
        await using var b = await PostgresInstance.StartAsync(database);

        var admin = await a.AdminClientAsync();
        var (adminId, adminEmail) = await CreateStaffAsync(a, admin, "admin");
        var (staffId, staffEmail) = await CreateStaffAsync(a, admin, "staff");
        var customerEmail = $"two-{Guid.NewGuid():N}@example.com";
        await a.CustomerClientAsync(customerEmail);

        var demotedOnB = ClientWith(b, (await SignInAsync(a, adminEmail)).AccessToken);
        var staffOnB = ClientWith(b, (await SignInAsync(a, staffEmail)).AccessToken);
        var session = await SignInAsync(a, customerEmail);
        var otherSession = await SignInAsync(a, customerEmail);
        var customerOnB = ClientWith(b, session.AccessToken);
        // B has accepted each token (and cached its account) before the changes.
        Assert.Equal(HttpStatusCode.OK, (await demotedOnB.GetAsync("/admin/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staffOnB.GetAsync("/admin/orders")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await customerOnB.GetAsync("/store/me")).StatusCode);

        await admin.PatchAsJsonAsync($"/admin/staff/{adminId}", new { role = "staff" }).JsonAsync();
        await admin.PatchAsJsonAsync($"/admin/staff/{staffId}", new { disabled = true }).JsonAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await a.CreateClient().PostAsJsonAsync("/auth/logout", new { refreshToken = session.RefreshToken })).StatusCode);

        await Eventually.AssertAsync(async () => (await demotedOnB.PostAsJsonAsync("/admin/staff",
            new { email = $"eve-{Guid.NewGuid():N}@example.com", name = "Eve", password = Password, role = "admin" })).StatusCode == HttpStatusCode.Unauthorized,
            "instance B refuses the demoted admin's old token");
        await Eventually.AssertAsync(async () => (await staffOnB.GetAsync("/admin/orders")).StatusCode == HttpStatusCode.Unauthorized,
            "instance B refuses the disabled staff member's token");
        await Eventually.AssertAsync(async () => (await customerOnB.GetAsync("/store/me")).StatusCode == HttpStatusCode.Unauthorized,
            "instance B refuses the logged-out session's token");
        await customerOnB.GetAsync("/store/me").AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");

        Assert.Equal(HttpStatusCode.OK, (await ClientWith(b, otherSession.AccessToken).GetAsync("/store/me")).StatusCode);
        // A fresh sign-in through A (new stamp) works on B at once.
        Assert.Equal(HttpStatusCode.OK, (await ClientWith(b, (await SignInAsync(a, adminEmail)).AccessToken).GetAsync("/admin/orders")).StatusCode);
    }

    private static async Task<(Guid Id, string Email)> CreateStaffAsync(EngineRoomApp app, HttpClient admin, string role)
    {
        var email = $"{role}-{Guid.NewGuid():N}@example.com";
        var created = await (await admin.PostAsJsonAsync("/admin/staff", new { email, name = "Staff", password = Password, role }))
            .JsonAsync(HttpStatusCode.Created);
        return (created.GetProperty("id").GetGuid(), email);
    }

    private static async Task<EngineRoomApp.TokenPair> SignInAsync(EngineRoomApp app, string email) =>
        await (await app.CreateClient().PostAsJsonAsync("/auth/token", new { email, password = Password })).ReadAsAsync<EngineRoomApp.TokenPair>();

    private static HttpClient ClientWith(EngineRoomApp app, string accessToken)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}
