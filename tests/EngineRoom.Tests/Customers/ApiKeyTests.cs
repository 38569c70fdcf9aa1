using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EngineRoom.Tests.Attack;
using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace EngineRoom.Tests.Customers;

/// <summary>
/// API keys for server-to-server callers: made by admins, shown once, stored as a hash, scoped per admin area, refused
/// outside it, revoked and expired at once, audited, rate limited per key. The attack suite tries every operation with
/// keys of every area; <see cref="TwoInstanceApiKeyTests"/> revokes through one instance and uses the key on another.
/// </summary>
public abstract class ApiKeyTests(EngineRoomApp app)
{
    private static readonly Regex Shape = new("^er_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$");

    /// <summary>PostgreSQL keeps microseconds, .NET ticks (a tenth of one).</summary>
    public static DateTimeOffset? Micro(DateTimeOffset? time) => time?.AddTicks(-(time.Value.Ticks % 10));

    [Fact]
    public async Task A_key_is_shown_once_listed_without_its_secret_and_stored_only_as_a_hash()
    {
        var admin = await app.AdminClientAsync();
        var expires = app.Clock.GetUtcNow().AddDays(30);
        var response = await admin.PostAsJsonAsync("/admin/api-keys", new { name = "ERP nightly sync", scopes = new[] { "orders:read", "inventory:write" }, expiresAt = expires });
        Assert.True(response.Headers.CacheControl?.NoStore, "the one answer with the key must not be cached");
        var created = await response.JsonAsync(HttpStatusCode.Created);
        var key = created.GetProperty("key").GetString()!;
        var id = created.GetProperty("id").GetGuid();
        Assert.Matches(Shape, key);
        Assert.Equal(key[..15], created.GetProperty("prefix").GetString());
        Assert.Equal($"/admin/api-keys/{id}", response.Headers.Location?.OriginalString);

        var listed = (await (await admin.GetAsync("/admin/api-keys?limit=100")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Single(k => k.GetProperty("id").GetGuid() == id);
        Assert.Equal("ERP nightly sync", listed.GetProperty("name").GetString());
        Assert.Equal(key[..15], listed.GetProperty("prefix").GetString());
        Assert.Equal(["inventory:write", "orders:read"], listed.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!));
        Assert.Equal(Micro(expires), Micro(listed.GetProperty("expiresAt").GetDateTimeOffset()));
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("lastUsedAt").ValueKind);
        Assert.False(listed.GetProperty("revoked").GetBoolean());
        Assert.True(listed.TryGetProperty("createdAt", out _));
        Assert.False(listed.TryGetProperty("key", out _));

        var secret = key[16..];
        foreach (var read in new[] { "/admin/api-keys", $"/admin/api-keys/{id}", $"/admin/audit?subjectType=api_key&subjectId={id}" })
            Assert.DoesNotContain(secret, await admin.GetStringAsync(read));
        var stored = await DbScan.FindAsync(app, await DbScan.TablesAsync(app), text => text.Contains(secret, StringComparison.Ordinal));
        Assert.True(stored.Count == 0, "the key's secret is stored in " + string.Join(", ", stored));
        Assert.Equal(HttpStatusCode.OK, (await app.WithKey(key).GetAsync("/admin/orders")).StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"x","scopes":["orders:admin"]}""", "scopes[0]")]
    [InlineData("""{"name":"x","scopes":["orders:read","Orders:Write"]}""", "scopes[1]")]
    [InlineData("""{"name":"x","scopes":[]}""", "Scopes")]
    [InlineData("""{"name":"x","scopes":[null]}""", "Scopes")]
    [InlineData("""{"name":"  ","scopes":["orders:read"]}""", "name")]
    [InlineData("""{"name":"x","scopes":["orders:read"],"expiresAt":"2001-01-01T00:00:00Z"}""", "expiresAt")]
    public async Task Bad_input_is_a_400_naming_the_field_and_makes_no_key(string body, string field)
    {
        var admin = await app.AdminClientAsync();
        var before = await app.QueryAsync(db => Task.FromResult(db.ApiKeys.Count()));
        var problem = await (await admin.PostAsync("/admin/api-keys", new StringContent(body, System.Text.Encoding.UTF8, "application/json")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.Equals(field, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(before, await app.QueryAsync(db => Task.FromResult(db.ApiKeys.Count())));
    }

    [Fact]
    public async Task Write_covers_read_and_scopes_are_kept_one_per_area()
    {
        var admin = await app.AdminClientAsync();
        var key = await ApiKeyClients.CreateAsync(admin, ["orders:read", "orders:write", "catalog:read", "catalog:read"]);
        Assert.Equal(["catalog:read", "orders:write"], key.Answer.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!));
        var client = app.WithKey(key.Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/orders")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/ledger/balances")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/products")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/discounts")).StatusCode);
    }

    [Fact]
    public async Task A_key_gets_only_what_its_scope_names_and_never_the_store_auth_or_admin_only_routes()
    {
        var admin = await app.AdminClientAsync();
        var key = app.WithKey((await ApiKeyClients.CreateAsync(admin, ["catalog:read"])).Key);
        Assert.Equal(HttpStatusCode.OK, (await key.GetAsync("/admin/products")).StatusCode);

        var write = await (await key.PostAsJsonAsync("/admin/categories", new { slug = $"k-{Guid.NewGuid():N}", name = "K", position = 0 }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient_scope");
        Assert.Equal("catalog:write", write.GetProperty("requiredScope").GetString());
        var otherArea = await key.GetAsync("/admin/inventory");
        Assert.Contains("scope=\"inventory:read\"", otherArea.Headers.WwwAuthenticate.ToString());
        await otherArea.AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient_scope");

        var sku = await TestCatalog.CreateSkuAsync(app);
        var buyNow = new { lines = new[] { new { sku, quantity = 1 } }, email = "key@example.com", paymentToken = "tok_visa" };
        foreach (var refused in new[]
                 {
                     await key.GetAsync("/store/me"), await key.GetAsync("/store/products"), await key.GetAsync("/store/orders"),
                     await key.PostAsJsonAsync("/store/orders", buyNow), await key.PostAsJsonAsync("/store/carts", new { currency = "USD" }),
                     await key.PostAsJsonAsync("/auth/logout", new { refreshToken = "x" }),
                     await key.GetAsync("/admin/staff"), await key.GetAsync("/admin/api-keys"), await key.GetAsync("/admin/audit"),
                     await key.PostAsJsonAsync("/admin/api-keys", new { name = "escalate", scopes = new[] { "orders:write" } }),
                 })
            await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "api_key_not_allowed");
        Assert.Equal(0, await app.QueryAsync(db => Task.FromResult(db.Orders.Count(o => o.Email == "key@example.com"))));
    }

    [Fact]
    public async Task Unknown_malformed_revoked_and_expired_keys_are_401_and_staff_tokens_work_as_before()
    {
        var admin = await app.AdminClientAsync();
        var created = await ApiKeyClients.CreateAsync(admin, ["orders:read"], expiresAt: app.Clock.GetUtcNow().AddHours(1));
        var key = app.WithKey(created.Key);
        Assert.Equal(HttpStatusCode.OK, (await key.GetAsync("/admin/orders")).StatusCode);

        var forged = created.Key[..16] + new string('A', 43);
        foreach (var bad in new[] { forged, "er_", "er_0123456789ab_short", created.Key + "x" })
        {
            var answer = await app.WithKey(bad).GetAsync("/admin/orders");
            Assert.Contains("invalid_token", answer.Headers.WwwAuthenticate.ToString());
            await answer.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_api_key");
        }

        app.Clock.Advance(TimeSpan.FromHours(1));
        await (await key.GetAsync("/admin/orders")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_api_key");
        admin = await app.AdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/orders")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.StaffClientAsync()).GetAsync("/admin/orders")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_fails_on_its_next_request_and_revoking_twice_audits_once()
    {
        var admin = await app.AdminClientAsync();
        var created = await ApiKeyClients.CreateAsync(admin, ["inventory:read"]);
        var key = app.WithKey(created.Key);
        Assert.Equal(HttpStatusCode.OK, (await key.GetAsync("/admin/inventory")).StatusCode);

        var revoked = await (await admin.PostAsync($"/admin/api-keys/{created.Id}/revoke", null)).JsonAsync();
        Assert.True(revoked.GetProperty("revoked").GetBoolean());
        await (await key.GetAsync("/admin/inventory")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_api_key");
        var again = await (await admin.PostAsync($"/admin/api-keys/{created.Id}/revoke", null)).JsonAsync();
        Assert.Equal(revoked.GetProperty("revokedAt").GetDateTimeOffset(), again.GetProperty("revokedAt").GetDateTimeOffset());
        var audit = await (await admin.GetAsync($"/admin/audit?subjectType=api_key&subjectId={created.Id}")).JsonAsync();
        Assert.Equal(["api_key.revoke", "api_key.create"], audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()!));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/admin/api-keys/{Guid.NewGuid()}/revoke", null)).StatusCode);
    }

    [Fact]
    public async Task Every_write_made_with_a_key_is_audited_under_that_key()
    {
        var admin = await app.AdminClientAsync();
        var created = await ApiKeyClients.CreateAsync(admin, ["inventory:write", "catalog:write"], name: "Warehouse");
        var key = app.WithKey(created.Key);
        var sku = await TestCatalog.CreateSkuAsync(app);
        await (await key.PostAsJsonAsync($"/admin/inventory/{sku}/adjustments", new { delta = 5, reason = "received" })).JsonAsync();
        await (await key.PutAsJsonAsync($"/admin/inventory/{sku}/stock", new { onHand = 3, reason = "correction" })).JsonAsync();
        await (await key.PostAsJsonAsync("/admin/categories", new { slug = $"key-{Guid.NewGuid():N}", name = "By key", position = 0 })).JsonAsync(HttpStatusCode.Created);

        var entries = (await (await admin.GetAsync($"/admin/audit?apiKeyId={created.Id}")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["category.create", "stock.count", "stock.adjust"], entries.Select(e => e.GetProperty("action").GetString()!));
        Assert.All(entries, e =>
        {
            Assert.Equal(created.Id, e.GetProperty("apiKeyId").GetGuid());
            Assert.Equal(JsonValueKind.Null, e.GetProperty("actorId").ValueKind);
        });
        var byAdmin = (await (await admin.GetAsync("/admin/audit?action=api_key.create&limit=1")).JsonAsync()).GetProperty("items")[0];
        Assert.Equal(JsonValueKind.Null, byAdmin.GetProperty("apiKeyId").ValueKind);
        await (await admin.GetAsync("/admin/audit?apiKeyId=not-a-guid")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Last_use_is_written_at_most_once_a_minute()
    {
        var admin = await app.AdminClientAsync();
        var created = await ApiKeyClients.CreateAsync(admin, ["orders:read"]);
        var key = app.WithKey(created.Key);
        async Task<DateTimeOffset?> LastUsedAsync() => await app.QueryAsync(db => Task.FromResult(db.ApiKeys.Single(k => k.Id == created.Id).LastUsedAt));

        var first = app.Clock.GetUtcNow();
        await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ => Assert.Equal(HttpStatusCode.OK, (await key.GetAsync("/admin/orders")).StatusCode)));
        Assert.Equal(Micro(first), Micro(await LastUsedAsync()));
        app.Clock.Advance(TimeSpan.FromSeconds(59));
        await key.GetAsync("/admin/orders");
        Assert.Equal(Micro(first), Micro(await LastUsedAsync()));
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await key.GetAsync("/admin/orders");
        Assert.Equal(Micro(app.Clock.GetUtcNow()), Micro(await LastUsedAsync()));
        var listed = await (await admin.GetAsync($"/admin/api-keys/{created.Id}")).JsonAsync();
        Assert.Equal(Micro(app.Clock.GetUtcNow()), Micro(listed.GetProperty("lastUsedAt").GetDateTimeOffset()));
    }

    [Fact]
    public async Task Each_key_has_its_own_rate_limit()
    {
        var admin = await app.AdminClientAsync();
        var one = await ApiKeyClients.CreateAsync(admin, ["orders:read"]);
        var other = await ApiKeyClients.CreateAsync(admin, ["orders:read"]);
        await using var limited = app.WithWebHostBuilder(b => b.UseSetting("ApiKeys:RequestsPerMinute", "3"));
        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ => (await limited.WithKey(one.Key).GetAsync("/admin/orders")).StatusCode));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        var refused = await limited.WithKey(one.Key).GetAsync("/admin/orders");
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) >= 1);
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");

        Assert.Equal(HttpStatusCode.OK, (await limited.WithKey(other.Key).GetAsync("/admin/orders")).StatusCode);
        var staff = limited.CreateClient(); // staff tokens are not limited per key
        staff.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/admin/orders")).StatusCode);
    }

    [Fact]
    public async Task Idempotency_keys_belong_to_the_api_key_that_sent_them()
    {
        var admin = await app.AdminClientAsync();
        var first = app.WithKey((await ApiKeyClients.CreateAsync(admin, ["orders:write"])).Key);
        var second = app.WithKey((await ApiKeyClients.CreateAsync(admin, ["orders:write"])).Key);
        var sku = await TestCatalog.CreateSkuAsync(app);
        var order = await (await app.CreateClient().PostAsJsonAsync("/store/orders",
            new { lines = new[] { new { sku, quantity = 1 } }, email = "idem-key@example.com", paymentToken = "tok_visa" })).JsonAsync(HttpStatusCode.Created);
        var id = order.GetProperty("id").GetGuid();
        var idempotencyKey = Guid.NewGuid().ToString();
        HttpRequestMessage Ship() => new(HttpMethod.Post, $"/admin/orders/{id}/fulfillments")
            { Content = JsonContent.Create(new { }), Headers = { { "Idempotency-Key", idempotencyKey } } };

        await (await first.SendAsync(Ship())).JsonAsync();
        var replay = await first.SendAsync(Ship());
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        var other = await second.SendAsync(Ship());
        Assert.False(other.Headers.Contains("Idempotent-Replayed"), "another key's answer was replayed");
        Assert.NotEqual(HttpStatusCode.OK, other.StatusCode); // it ran: the order is already fulfilled
    }

    [Fact]
    public async Task The_reference_names_the_scope_each_operation_needs()
    {
        var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        string[] Scopes(string path, string method) => document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("security")
            .EnumerateArray().Where(r => r.TryGetProperty("ApiKey", out _)).SelectMany(r => r.GetProperty("ApiKey").EnumerateArray().Select(s => s.GetString()!)).ToArray();
        Assert.Equal(["orders:read"], Scopes("/admin/orders", "get"));
        Assert.Equal(["orders:write"], Scopes("/admin/orders/{id}/refunds", "post"));
        Assert.Equal(["catalog:write"], Scopes("/admin/discounts", "post"));
        Assert.Equal(["inventory:read"], Scopes("/admin/inventory", "get"));
        Assert.Empty(Scopes("/admin/staff", "get"));
        Assert.Empty(Scopes("/admin/api-keys", "post"));
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("scheme").GetString());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ApiKeyTestsOnSqlite(SqliteApp app) : ApiKeyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ApiKeyTestsOnPostgres(PostgresApp app) : ApiKeyTests(app);
