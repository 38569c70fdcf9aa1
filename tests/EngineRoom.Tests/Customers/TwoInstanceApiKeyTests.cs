using System.Net;
using EngineRoom.Tests.Infrastructure;

namespace EngineRoom.Tests.Customers;

/// <summary>
/// Two instances on one PostgreSQL database: a key revoked through instance A is refused by instance B on B's very next
/// request, though B has just accepted it; no poll interval, no waiting (every request with a key reads its row).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoInstanceApiKeyTests
{
    [Fact]
    public async Task A_key_revoked_on_one_instance_is_refused_by_the_other_on_its_next_request()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        await using var a = await PostgresInstance.StartAsync(database);
        await using var b = await PostgresInstance.StartAsync(database);

        var admin = await a.AdminClientAsync();
        var created = await ApiKeyClients.CreateAsync(admin, ["orders:read"]);
        var onB = b.WithKey(created.Key);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/admin/orders")).StatusCode);
        var used = await (await admin.GetAsync($"/admin/api-keys/{created.Id}")).JsonAsync();
        Assert.Equal(ApiKeyTests.Micro(b.Clock.GetUtcNow()), ApiKeyTests.Micro(used.GetProperty("lastUsedAt").GetDateTimeOffset())); // B's use, seen through A

        await (await admin.PostAsync($"/admin/api-keys/{created.Id}/revoke", null)).JsonAsync();

        await (await onB.GetAsync("/admin/orders")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_api_key");
        await (await a.WithKey(created.Key).GetAsync("/admin/orders")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_api_key");
    }
}
