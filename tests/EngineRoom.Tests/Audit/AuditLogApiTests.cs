using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Audit;

public abstract class AuditLogApiTests(EngineRoomApp app)
{
    private static string Time(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O"));

    private static List<JsonElement> Items(JsonElement page) => page.GetProperty("items").EnumerateArray().ToList();

    private static Task<HttpResponseMessage> Adjust(HttpClient client, string sku, long delta) =>
        client.PostAsJsonAsync($"/admin/inventory/{sku}/adjustments", new { delta, reason = "received" });

    [Fact]
    public async Task Staff_read_the_log_newest_first_filtered_and_paged_by_cursor()
    {
        var staff = await app.StaffClientAsync();
        var me = (await staff.GetAsync("/store/me").JsonAsync()).GetProperty("id").GetGuid();
        string sku = TestCatalog.NewSku(), other = TestCatalog.NewSku();
        foreach (var delta in new[] { 1, 2, 3 }) await Adjust(staff, sku, delta).JsonAsync();
        await Adjust(staff, other, 4).JsonAsync();
        await staff.PatchAsJsonAsync($"/admin/inventory/{other}", new { allowBackorder = true }).JsonAsync();

        var first = await staff.GetAsync($"/admin/audit?subjectType=inventory&subjectId={sku}&limit=2").JsonAsync();
        Assert.Equal([3L, 2L], Items(first).Select(e => e.GetProperty("after").GetProperty("onHand").GetInt64() - e.GetProperty("before").GetProperty("onHand").GetInt64()));
        var entry = Items(first)[0];
        Assert.Equal("stock.adjust", entry.GetProperty("action").GetString());
        Assert.Equal(me, entry.GetProperty("actorId").GetGuid());
        Assert.Equal(sku, entry.GetProperty("subjectId").GetString());
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await staff.GetAsync($"/admin/audit?subjectType=inventory&subjectId={sku}&limit=2&cursor={cursor}").JsonAsync();
        Assert.Single(Items(second));
        Assert.True(Items(second)[0].GetProperty("id").GetInt64() < entry.GetProperty("id").GetInt64());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);

        var mine = Items(await staff.GetAsync($"/admin/audit?actorId={me}").JsonAsync());
        Assert.Equal(["inventory.update", "stock.adjust", "stock.adjust", "stock.adjust", "stock.adjust"], mine.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(4, Items(await staff.GetAsync($"/admin/audit?actorId={me}&action=stock.adjust").JsonAsync()).Count);
        // The test clock stands still (moving it would expire other tests' tokens): every entry is at "now".
        var now = app.Clock.GetUtcNow();
        Assert.Equal(5, Items(await staff.GetAsync($"/admin/audit?actorId={me}&from={Time(now.AddSeconds(-1))}&to={Time(now.AddSeconds(1))}").JsonAsync()).Count);
        Assert.Empty(Items(await staff.GetAsync($"/admin/audit?actorId={me}&from={Time(now.AddSeconds(1))}").JsonAsync()));
        Assert.Empty(Items(await staff.GetAsync($"/admin/audit?actorId={me}&to={Time(now.AddSeconds(-1))}").JsonAsync()));
        Assert.Empty(Items(await staff.GetAsync($"/admin/audit?actorId={Guid.NewGuid()}").JsonAsync()));
    }

    [Fact]
    public async Task Bad_filters_get_400_naming_the_field()
    {
        var staff = await app.StaffClientAsync();
        await staff.GetAsync("/admin/audit?actorId=not-a-guid").AssertInvalidAsync("actorId");
        await staff.GetAsync("/admin/audit?from=yesterday").AssertInvalidAsync("from");
        await staff.GetAsync("/admin/audit?to=31/31/2025").AssertInvalidAsync("to");
        await staff.GetAsync("/admin/audit?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z").AssertInvalidAsync("to");
        await staff.GetAsync("/admin/audit?limit=0").AssertInvalidAsync("limit");
        await staff.GetAsync("/admin/audit?limit=101").AssertInvalidAsync("limit");
        await staff.GetAsync("/admin/audit?cursor=not-a-cursor").AssertInvalidAsync("cursor");
        await staff.GetAsync("/admin/audit?subjectId=42").AssertInvalidAsync("subjectType");
        await staff.GetAsync($"/admin/audit?subjectType={new string('x', 61)}").AssertInvalidAsync("subjectType");
    }

    [Fact]
    public async Task Only_staff_read_the_log()
    {
        var customer = await app.CustomerClientAsync();
        await customer.GetAsync("/admin/audit").AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await app.CreateClient().GetAsync("/admin/audit").AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await app.AdminClientAsync()).GetAsync("/admin/audit").JsonAsync(); // admins are staff too
    }

    [Fact]
    public async Task The_database_refuses_to_change_or_delete_an_entry()
    {
        var staff = await app.StaffClientAsync();
        var sku = TestCatalog.NewSku();
        await Adjust(staff, sku, 5).JsonAsync();
        var id = await app.QueryAsync(db => db.AuditEntries.Where(e => e.SubjectId == sku).Select(e => e.Id).SingleAsync());

        var update = await Assert.ThrowsAnyAsync<DbException>(() => app.QueryAsync(db =>
            db.Database.ExecuteSqlAsync($"UPDATE common_audit_entries SET \"Action\" = 'tampered' WHERE \"Id\" = {id}")));
        Assert.Contains("append-only", update.Message);
        var delete = await Assert.ThrowsAnyAsync<DbException>(() => app.QueryAsync(db =>
            db.Database.ExecuteSqlAsync($"DELETE FROM common_audit_entries WHERE \"Id\" = {id}")));
        Assert.Contains("append-only", delete.Message);

        var entry = await app.QueryAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Id == id));
        Assert.Equal("stock.adjust", entry.Action);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AuditLogApiTestsOnSqlite(SqliteApp app) : AuditLogApiTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AuditLogApiTestsOnPostgres(PostgresApp app) : AuditLogApiTests(app);
