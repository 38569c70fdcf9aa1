using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Tests.Infrastructure;

namespace EngineRoom.Tests.Pricing;

public abstract class ShippingAndTaxAdminTests(EngineRoomApp app)
{
    private static string NewCode() => $"ship-{Guid.NewGuid():N}";

    [Fact]
    public async Task Shipping_methods_are_unique_per_code_and_currency_and_editable()
    {
        var staff = await app.StaffClientAsync();
        var code = NewCode();
        var usd = await Create(staff, new { code, name = "Standard", currency = "usd", amount = 700, freeOver = 5000 })
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal("USD", usd.GetProperty("currency").GetString());
        Assert.True(usd.GetProperty("active").GetBoolean());
        await Create(staff, new { code, name = "Standard again", currency = "USD", amount = 800 })
            .AssertProblemAsync(HttpStatusCode.Conflict, "shipping_method_taken");
        await Create(staff, new { code, name = "Standard", currency = "EUR", amount = 650 }).JsonAsync(HttpStatusCode.Created);

        var url = $"/admin/shipping-methods/{usd.GetProperty("id").GetGuid()}";
        var patched = await staff.PatchAsync(url, JsonContent.Create(new { amount = 900, freeOver = (long?)null })).JsonAsync();
        Assert.Equal(900, patched.GetProperty("amount").GetInt64());
        Assert.Equal(JsonValueKind.Null, patched.GetProperty("freeOver").ValueKind);
        Assert.Equal("Standard", (await staff.GetAsync(url).JsonAsync()).GetProperty("name").GetString());
        var listed = await ListAllAsync(staff, "/admin/shipping-methods?limit=2");
        Assert.Equal(2, listed.Count(m => m.GetProperty("code").GetString() == code));
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PatchAsJsonAsync($"/admin/shipping-methods/{Guid.NewGuid()}", new { amount = 1 })).StatusCode);
    }

    [Fact]
    public async Task The_store_lists_active_methods_of_one_currency_to_anyone()
    {
        var staff = await app.StaffClientAsync();
        string active = NewCode(), inactive = NewCode();
        await Create(staff, new { code = active, name = "Express", currency = "GBP", amount = 1500 }).JsonAsync(HttpStatusCode.Created);
        await Create(staff, new { code = inactive, name = "Old", currency = "GBP", amount = 100, active = false })
            .JsonAsync(HttpStatusCode.Created);

        var anonymous = app.CreateClient();
        var pounds = await ListAllAsync(anonymous, "/store/shipping-methods?currency=gbp&limit=100");
        var codes = pounds.Select(m => m.GetProperty("code").GetString()).ToList();
        Assert.Contains(active, codes);
        Assert.DoesNotContain(inactive, codes);
        var yen = await ListAllAsync(anonymous, "/store/shipping-methods?currency=JPY&limit=100");
        Assert.DoesNotContain(active, yen.Select(m => m.GetProperty("code").GetString()));
        await anonymous.GetAsync("/store/shipping-methods").AssertInvalidAsync("currency");
        await anonymous.GetAsync("/store/shipping-methods?currency=ZZZ").AssertInvalidAsync("currency");
    }

    [Fact]
    public async Task Bad_shipping_methods_get_400_naming_the_field()
    {
        var staff = await app.StaffClientAsync();
        await Create(staff, new { code = NewCode(), name = "x", currency = "USD", amount = -1 }).AssertInvalidAsync("amount");
        await Create(staff, new { code = NewCode(), name = "x", currency = "USD" }).AssertInvalidAsync("amount");
        await Create(staff, new { code = NewCode(), name = "x", currency = "ZZZ", amount = 1 }).AssertInvalidAsync("currency");
        await Create(staff, new { code = "has space", name = "x", currency = "USD", amount = 1 }).AssertInvalidAsync("code");
        await Create(staff, new { code = NewCode(), name = "x", currency = "USD", amount = 1, freeOver = 0 }).AssertInvalidAsync("freeOver");
        await Create(staff, new { code = NewCode(), currency = "USD", amount = 1 }).AssertInvalidAsync("name");
    }

    [Fact]
    public async Task Tax_rates_are_upserted_per_country_and_region_listed_and_deleted()
    {
        var staff = await app.StaffClientAsync();
        var created = await staff.PutAsJsonAsync("/admin/tax-rates/xa", new { name = "XA VAT", rateBps = 2000 }).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("XA", created.GetProperty("country").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("region").ValueKind);
        var replaced = await staff.PutAsJsonAsync("/admin/tax-rates/XA", new { name = "XA VAT", rateBps = 2100 }).JsonAsync();
        Assert.Equal(2100, replaced.GetProperty("rateBps").GetInt32());
        await staff.PutAsJsonAsync("/admin/tax-rates/XA/n1", new { name = "XA north", rateBps = 500 }).JsonAsync(HttpStatusCode.Created);

        var listed = (await staff.GetAsync("/admin/tax-rates?country=XA").JsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([2100, 500], listed.Select(r => r.GetProperty("rateBps").GetInt32()));
        Assert.Equal("N1", listed[1].GetProperty("region").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await staff.DeleteAsync("/admin/tax-rates/XA/N1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.DeleteAsync("/admin/tax-rates/XA/N1")).StatusCode);
        Assert.Single((await staff.GetAsync("/admin/tax-rates?country=XA").JsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NoContent, (await staff.DeleteAsync("/admin/tax-rates/XA")).StatusCode);
    }

    [Fact]
    public async Task Concurrent_upserts_of_one_rate_make_one_row()
    {
        var staff = await app.StaffClientAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(i => staff.PutAsJsonAsync("/admin/tax-rates/XB", new { name = "XB", rateBps = 100 + i })));
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, a.StatusCode.ToString()));
        Assert.Single((await staff.GetAsync("/admin/tax-rates?country=XB").JsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Bad_tax_rates_get_400_naming_the_field()
    {
        var staff = await app.StaffClientAsync();
        await staff.PutAsJsonAsync("/admin/tax-rates/USA", new { name = "x", rateBps = 100 }).AssertInvalidAsync("country");
        await staff.PutAsJsonAsync("/admin/tax-rates/X1", new { name = "x", rateBps = 100 }).AssertInvalidAsync("country");
        await staff.PutAsJsonAsync("/admin/tax-rates/XC/TOOLONG", new { name = "x", rateBps = 100 }).AssertInvalidAsync("region");
        await staff.PutAsJsonAsync("/admin/tax-rates/XC", new { name = "x", rateBps = 10001 }).AssertInvalidAsync("rateBps");
        await staff.PutAsJsonAsync("/admin/tax-rates/XC", new { name = "x" }).AssertInvalidAsync("rateBps");
        await staff.DeleteAsync("/admin/tax-rates/USA").AssertInvalidAsync("country");
        Assert.Empty((await staff.GetAsync("/admin/tax-rates?country=XC").JsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Only_staff_may_manage_shipping_and_tax()
    {
        var customer = await app.CustomerClientAsync();
        await customer.GetAsync("/admin/shipping-methods").AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await Create(customer, new { code = NewCode(), name = "x", currency = "USD", amount = 1 })
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await customer.PutAsJsonAsync("/admin/tax-rates/XD", new { name = "x", rateBps = 1 }).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await app.CreateClient().GetAsync("/admin/tax-rates").AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await app.CreateClient().DeleteAsync("/admin/tax-rates/XD").AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await app.CreateClient().GetAsync("/admin/shipping-methods").AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    private static Task<HttpResponseMessage> Create(HttpClient client, object method) => client.PostAsJsonAsync("/admin/shipping-methods", method);

    private static async Task<List<JsonElement>> ListAllAsync(HttpClient client, string url)
    {
        var all = new List<JsonElement>();
        for (string? cursor = null; ;)
        {
            var page = await client.GetAsync(cursor is null ? url : $"{url}&cursor={cursor}").JsonAsync();
            all.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
            if (cursor is null) return all;
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ShippingAndTaxAdminTestsOnSqlite(SqliteApp app) : ShippingAndTaxAdminTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ShippingAndTaxAdminTestsOnPostgres(PostgresApp app) : ShippingAndTaxAdminTests(app);
