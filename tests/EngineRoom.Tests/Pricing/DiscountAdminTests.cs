using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Pricing;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Pricing;

public abstract class DiscountAdminTests(EngineRoomApp app)
{
    private static string NewCode() => $"T{Guid.NewGuid():N}"[..16].ToUpperInvariant();

    private static object Percentage(string? code, int bps = 1500) =>
        new { code, name = "Test percentage", kind = "percentage", percentBps = bps, combinable = true, active = true };

    [Fact]
    public async Task A_code_is_normalised_stored_once_and_read_back()
    {
        var staff = await app.StaffClientAsync();
        var code = NewCode();
        var created = await staff.PostAsJsonAsync("/admin/discounts", Percentage($"  {code.ToLowerInvariant()} ")).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(code, created.GetProperty("code").GetString());
        Assert.Equal("percentage", created.GetProperty("kind").GetString());
        Assert.Equal(1500, created.GetProperty("percentBps").GetInt32());
        Assert.Equal(0, created.GetProperty("timesUsed").GetInt32());

        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(code, (await staff.GetAsync($"/admin/discounts/{id}").JsonAsync()).GetProperty("code").GetString());
        await staff.PostAsJsonAsync("/admin/discounts", Percentage(code.ToLowerInvariant()))
            .AssertProblemAsync(HttpStatusCode.Conflict, "discount_code_taken");

        // Automatic promotions have no code, and there may be many.
        var auto = await staff.PostAsJsonAsync("/admin/discounts", new { name = "Free shipping weekend", kind = "freeShipping", skus = new[] { $"ONLY-{NewCode()}" } }).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(JsonValueKind.Null, auto.GetProperty("code").ValueKind);
        Assert.True(auto.GetProperty("active").GetBoolean());
        await staff.PostAsJsonAsync("/admin/discounts", new { name = "Another", kind = "freeShipping", skus = new[] { $"ONLY-{NewCode()}" } }).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Concurrent_creates_of_one_code_make_one_discount()
    {
        var staff = await app.StaffClientAsync();
        var code = NewCode();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => staff.PostAsJsonAsync("/admin/discounts", Percentage(code))));
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
            await refused.AssertProblemAsync(HttpStatusCode.Conflict, "discount_code_taken");
    }

    [Theory]
    [InlineData("""{ "name": "x", "kind": "percentage" }""", "percentBps")]
    [InlineData("""{ "name": "x", "kind": "percentage", "percentBps": 10001 }""", "percentBps")]
    [InlineData("""{ "name": "x", "kind": "fixedAmount", "amountOff": 500 }""", "currency")]
    [InlineData("""{ "name": "x", "kind": "fixedAmount", "amountOff": 0, "currency": "USD" }""", "amountOff")]
    [InlineData("""{ "name": "x", "kind": "fixedAmount", "amountOff": 500, "currency": "XXX" }""", "currency")]
    [InlineData("""{ "name": "x", "kind": "buyXGetY", "buyQuantity": 2 }""", "getQuantity")]
    [InlineData("""{ "name": "x", "kind": "buyXGetY", "getQuantity": 1 }""", "buyQuantity")]
    [InlineData("""{ "name": "x", "kind": "freeShipping", "percentBps": 500 }""", "percentBps")]
    [InlineData("""{ "name": "x", "kind": "freeShipping", "minSubtotal": 5000 }""", "currency")]
    [InlineData("""{ "name": "x", "kind": "freeShipping", "startsAt": "2030-01-02T00:00:00Z", "endsAt": "2030-01-01T00:00:00Z" }""", "endsAt")]
    [InlineData("""{ "name": "x", "kind": "freeShipping", "usageLimit": 0 }""", "usageLimit")]
    [InlineData("""{ "name": "x", "kind": "freeShipping", "perCustomerLimit": 0 }""", "perCustomerLimit")]
    [InlineData("""{ "name": "x", "kind": "freeShipping", "skus": ["ok", "not ok"] }""", "skus")]
    [InlineData("""{ "name": "x", "kind": "freeShipping", "code": "A!" }""", "code")]
    [InlineData("""{ "name": "x", "kind": "halfPrice" }""", "kind")]
    [InlineData("""{ "kind": "freeShipping" }""", "name")]
    public async Task Bad_discounts_get_400_naming_the_field(string body, string field)
    {
        var staff = await app.StaffClientAsync();
        await staff.PostAsync("/admin/discounts", new StringContent(body, System.Text.Encoding.UTF8, "application/json")).AssertInvalidAsync(field);
    }

    [Fact]
    public async Task Patch_changes_what_is_sent_clears_explicit_nulls_and_judges_the_whole_discount()
    {
        var staff = await app.StaffClientAsync();
        var created = await staff.PostAsJsonAsync("/admin/discounts", new
        {
            code = NewCode(), name = "Ten off", kind = "fixedAmount", amountOff = 1000, currency = "eur",
            startsAt = "2030-01-01T00:00:00Z", endsAt = "2030-02-01T00:00:00Z", usageLimit = 100,
        }).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("EUR", created.GetProperty("currency").GetString());
        var url = $"/admin/discounts/{created.GetProperty("id").GetGuid()}";

        var patched = await staff.PatchAsync(url, JsonContent.Create(new { name = "Twelve off", amountOff = 1200, endsAt = (string?)null, active = false })).JsonAsync();
        Assert.Equal("Twelve off", patched.GetProperty("name").GetString());
        Assert.Equal(1200, patched.GetProperty("amountOff").GetInt64());
        Assert.Equal(JsonValueKind.Null, patched.GetProperty("endsAt").ValueKind);
        Assert.Equal(100, patched.GetProperty("usageLimit").GetInt32()); // not sent, kept
        Assert.False(patched.GetProperty("active").GetBoolean());

        await staff.PatchAsJsonAsync(url, new { endsAt = "2029-12-31T00:00:00Z" }).AssertInvalidAsync("endsAt");
        await staff.PatchAsJsonAsync(url, new { currency = (string?)null }).AssertInvalidAsync("currency");
        await staff.PatchAsJsonAsync(url, new { percentBps = 100 }).AssertInvalidAsync("percentBps");
        await staff.PatchAsJsonAsync(url, new { usageLimit = 0 }).AssertInvalidAsync("usageLimit");
        Assert.Equal("Twelve off", (await staff.GetAsync(url).JsonAsync()).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PatchAsJsonAsync($"/admin/discounts/{Guid.NewGuid()}", new { name = "x" })).StatusCode);
    }

    [Fact]
    public async Task A_used_discount_cannot_be_deleted_nor_limited_below_its_use()
    {
        var staff = await app.StaffClientAsync();
        var unused = (await staff.PostAsJsonAsync("/admin/discounts", Percentage(NewCode())).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await staff.DeleteAsync($"/admin/discounts/{unused}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/admin/discounts/{unused}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.DeleteAsync($"/admin/discounts/{unused}")).StatusCode);

        var used = (await staff.PostAsJsonAsync("/admin/discounts", Percentage(NewCode())).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await app.QueryAsync(async db =>
        {
            // Three orders used the unlimited code: its uses are its redemptions (its row is not counted while unlimited).
            db.DiscountRedemptions.AddRange(Enumerable.Range(0, 3).Select(i => new DiscountRedemption
            {
                Id = Guid.NewGuid(), DiscountId = used, AttemptId = Guid.NewGuid(), CustomerKey = $"email:C{i}", OrderId = Guid.NewGuid(),
                Status = RedemptionStatus.Consumed, CreatedAt = DateTimeOffset.UtcNow,
            }));
            return await db.SaveChangesAsync();
        });
        Assert.Equal(3, (await staff.GetAsync($"/admin/discounts/{used}").JsonAsync()).GetProperty("timesUsed").GetInt32());
        await staff.DeleteAsync($"/admin/discounts/{used}").AssertProblemAsync(HttpStatusCode.Conflict, "discount_in_use");
        await staff.PatchAsJsonAsync($"/admin/discounts/{used}", new { usageLimit = 2 }).AssertInvalidAsync("usageLimit");
        var limited = await staff.PatchAsJsonAsync($"/admin/discounts/{used}", new { usageLimit = 3 }).JsonAsync();
        Assert.Equal(3, limited.GetProperty("timesUsed").GetInt32());
    }

    [Fact]
    public async Task The_list_pages_by_cursor_and_filters_by_active()
    {
        var staff = await app.StaffClientAsync();
        var mine = new List<Guid>();
        foreach (var active in new[] { true, false, true })
            mine.Add((await staff.PostAsJsonAsync("/admin/discounts", new { code = NewCode(), name = "Paged", kind = "percentage", percentBps = 100, active })
                .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid());

        var seen = await ListAllAsync(staff, "/admin/discounts?limit=2");
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(mine, id => Assert.Contains(id, seen));
        var inactive = await ListAllAsync(staff, "/admin/discounts?limit=50&active=false");
        Assert.Contains(mine[1], inactive);
        Assert.DoesNotContain(mine[0], inactive);
    }

    [Fact]
    public async Task Only_staff_may_manage_discounts()
    {
        var customer = await app.CustomerClientAsync();
        await customer.GetAsync("/admin/discounts").AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await customer.PostAsJsonAsync("/admin/discounts", Percentage(NewCode())).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await app.CreateClient().GetAsync("/admin/discounts").AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await app.CreateClient().DeleteAsync($"/admin/discounts/{Guid.NewGuid()}").AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    private static async Task<List<Guid>> ListAllAsync(HttpClient client, string url)
    {
        var ids = new List<Guid>();
        for (string? cursor = null; ;)
        {
            var page = await client.GetAsync(cursor is null ? url : $"{url}&cursor={cursor}").JsonAsync();
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
            if (cursor is null) return ids;
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DiscountAdminTestsOnSqlite(SqliteApp app) : DiscountAdminTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DiscountAdminTestsOnPostgres(PostgresApp app) : DiscountAdminTests(app);
