using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Inventory;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Inventory;

public abstract class InventoryAdminTests(EngineRoomApp app)
{
    private static string NewSku() => $"INV-{Guid.NewGuid():N}";

    private static Task<HttpResponseMessage> Adjust(HttpClient client, string sku, long delta, string reason = "received", string? location = null) =>
        client.PostAsJsonAsync($"/admin/inventory/{sku}/adjustments", new { delta, reason, location });

    [Fact]
    public async Task Adjustments_show_per_location_totals_and_an_audit_trail_naming_the_staff_member()
    {
        var staff = await app.StaffClientAsync();
        var me = await staff.GetAsync("/store/me").JsonAsync();
        var sku = NewSku();

        var first = await Adjust(staff, sku, 10).JsonAsync();
        Assert.Equal(10, first.GetProperty("onHand").GetInt64());
        Assert.Equal("default", first.GetProperty("location").GetString());
        await Adjust(staff, sku, -3, "damaged").JsonAsync();

        var item = await staff.GetAsync($"/admin/inventory/{sku}").JsonAsync();
        Assert.Equal(7, item.GetProperty("onHand").GetInt64());
        Assert.Equal(0, item.GetProperty("reserved").GetInt64());
        Assert.Equal(7, item.GetProperty("available").GetInt64());
        Assert.False(item.GetProperty("allowBackorder").GetBoolean());
        var location = Assert.Single(item.GetProperty("locations").EnumerateArray());
        Assert.Equal("default", location.GetProperty("location").GetString());

        var movements = await staff.GetAsync($"/admin/inventory/{sku}/movements").JsonAsync();
        var items = movements.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([-3L, 10L], items.Select(m => m.GetProperty("delta").GetInt64()));
        Assert.Equal("damaged", items[0].GetProperty("reason").GetString());
        Assert.All(items, m => Assert.Equal(me.GetProperty("id").GetGuid(), m.GetProperty("actorId").GetGuid()));
    }

    [Fact]
    public async Task Stock_cannot_go_below_zero_or_below_what_is_reserved()
    {
        var staff = await app.StaffClientAsync();
        var sku = NewSku();
        await Adjust(staff, sku, -1, "lost").AssertProblemAsync(HttpStatusCode.Conflict, "insufficient_stock");
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/admin/inventory/{sku}")).StatusCode); // refused, nothing created

        await Adjust(staff, sku, 5).JsonAsync();
        await ReserveAsync(sku, 3);
        var refused = await Adjust(staff, sku, -3, "lost").AssertProblemAsync(HttpStatusCode.Conflict, "insufficient_stock");
        Assert.Equal(3, refused.GetProperty("reserved").GetInt64());
        await Adjust(staff, sku, -2, "lost").JsonAsync();

        // Backorder lets sales run ahead of stock, but an adjustment still never takes away reserved units.
        await staff.PatchAsJsonAsync($"/admin/inventory/{sku}", new { allowBackorder = true }).JsonAsync();
        await Adjust(staff, sku, -1, "lost").AssertProblemAsync(HttpStatusCode.Conflict, "insufficient_stock");
        Assert.Equal(3, await OnHandAsync(sku));
    }

    [Fact]
    public async Task A_stock_count_sets_on_hand_and_records_the_difference()
    {
        var staff = await app.StaffClientAsync();
        var sku = NewSku();
        var counted = await staff.PutAsJsonAsync($"/admin/inventory/{sku}/stock", new { onHand = 12, reason = "correction", note = "cycle count" }).JsonAsync();
        Assert.Equal(12, counted.GetProperty("delta").GetInt64());
        await Adjust(staff, sku, -4, "damaged").JsonAsync();

        var recount = await staff.PutAsJsonAsync($"/admin/inventory/{sku}/stock", new { onHand = 10, reason = "correction" }).JsonAsync();
        Assert.Equal(2, recount.GetProperty("delta").GetInt64());
        Assert.Equal(10, recount.GetProperty("onHand").GetInt64());
        Assert.Equal(10, await MovementSumAsync(sku));

        await ReserveAsync(sku, 6);
        await staff.PutAsJsonAsync($"/admin/inventory/{sku}/stock", new { onHand = 5, reason = "correction" })
            .AssertProblemAsync(HttpStatusCode.Conflict, "insufficient_stock");
        Assert.Equal(10, await OnHandAsync(sku));
    }

    [Fact]
    public async Task Settings_drive_the_low_stock_filter_and_a_threshold_can_be_removed()
    {
        var staff = await app.StaffClientAsync();
        string low = NewSku(), plenty = NewSku();
        await Adjust(staff, low, 2).JsonAsync();
        await Adjust(staff, plenty, 50).JsonAsync();
        var settings = await staff.PatchAsJsonAsync($"/admin/inventory/{low}", new { lowStockThreshold = 5, allowBackorder = true }).JsonAsync();
        Assert.True(settings.GetProperty("lowStock").GetBoolean());
        Assert.True(settings.GetProperty("allowBackorder").GetBoolean());
        await staff.PatchAsJsonAsync($"/admin/inventory/{plenty}", new { lowStockThreshold = 5 }).JsonAsync();

        var lowOnes = await ListAllAsync(staff, "/admin/inventory?lowStock=true&limit=100");
        Assert.Contains(low, lowOnes.Select(i => i.GetProperty("sku").GetString()));
        Assert.DoesNotContain(plenty, lowOnes.Select(i => i.GetProperty("sku").GetString()));
        var all = await ListAllAsync(staff, "/admin/inventory?limit=100");
        Assert.Equal(50, all.Single(i => i.GetProperty("sku").GetString() == plenty).GetProperty("onHand").GetInt64());

        // Absent leaves the threshold alone; an explicit null removes it.
        Assert.Equal(5, (await staff.PatchAsJsonAsync($"/admin/inventory/{low}", new { allowBackorder = false }).JsonAsync())
            .GetProperty("lowStockThreshold").GetInt32());
        var cleared = await staff.PatchAsync($"/admin/inventory/{low}", JsonContent.Create(new { lowStockThreshold = (int?)null })).JsonAsync();
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("lowStockThreshold").ValueKind);
        Assert.False(cleared.GetProperty("lowStock").GetBoolean());
    }

    [Fact]
    public async Task Movements_page_newest_first_by_cursor()
    {
        var staff = await app.StaffClientAsync();
        var sku = NewSku();
        foreach (var delta in new[] { 1, 2, 3 }) await Adjust(staff, sku, delta).JsonAsync();
        var first = await staff.GetAsync($"/admin/inventory/{sku}/movements?limit=2").JsonAsync();
        Assert.Equal([3L, 2L], first.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("delta").GetInt64()));
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await staff.GetAsync($"/admin/inventory/{sku}/movements?limit=2&cursor={cursor}").JsonAsync();
        Assert.Equal([1L], second.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("delta").GetInt64()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        await staff.GetAsync($"/admin/inventory/{sku}/movements?cursor=not-a-cursor").AssertInvalidAsync("cursor");
    }

    [Fact]
    public async Task Locations_are_created_once_and_hold_their_own_stock()
    {
        var staff = await app.StaffClientAsync();
        var code = $"wh-{Guid.NewGuid():N}"[..20];
        var created = await staff.PostAsJsonAsync("/admin/inventory/locations", new { code, name = "North warehouse" }).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(code, created.GetProperty("code").GetString());
        await staff.PostAsJsonAsync("/admin/inventory/locations", new { code, name = "Again" })
            .AssertProblemAsync(HttpStatusCode.Conflict, "location_code_taken");
        Assert.Contains(code, (await ListAllAsync(staff, "/admin/inventory/locations?limit=100")).Select(l => l.GetProperty("code").GetString()));

        var sku = NewSku();
        await Adjust(staff, sku, 4).JsonAsync();
        Assert.Equal(code, (await Adjust(staff, sku, 6, location: code).JsonAsync()).GetProperty("location").GetString());
        var item = await staff.GetAsync($"/admin/inventory/{sku}").JsonAsync();
        Assert.Equal(10, item.GetProperty("onHand").GetInt64());
        Assert.Equal(2, item.GetProperty("locations").GetArrayLength());
    }

    [Fact]
    public async Task Bad_input_gets_400_naming_the_field()
    {
        var staff = await app.StaffClientAsync();
        var sku = NewSku();
        await Adjust(staff, sku, 0).AssertInvalidAsync("delta");
        await Adjust(staff, sku, 1, reason: "stolen-by-elves").AssertInvalidAsync("reason");
        await Adjust(staff, sku, 1, location: "no-such-location").AssertInvalidAsync("location");
        await Adjust(staff, "bad%20sku!", 1).AssertInvalidAsync("sku");
        await Adjust(staff, new string('A', 65), 1).AssertInvalidAsync("sku");
        await staff.GetAsync("/admin/inventory/bad%20sku").AssertInvalidAsync("sku");
        await staff.PutAsJsonAsync($"/admin/inventory/{sku}/stock", new { onHand = -1, reason = "correction" }).AssertInvalidAsync("onHand");
        await staff.PutAsJsonAsync($"/admin/inventory/{sku}/stock", new { reason = "correction" }).AssertInvalidAsync("onHand");
        await staff.PatchAsJsonAsync($"/admin/inventory/{sku}", new { lowStockThreshold = -1 }).AssertInvalidAsync("lowStockThreshold");
        await staff.PostAsJsonAsync("/admin/inventory/locations", new { code = "Has Spaces", name = "X" }).AssertInvalidAsync("code");
        await staff.GetAsync("/admin/inventory?limit=1000").AssertInvalidAsync("limit");
        Assert.Equal(0, await app.QueryAsync(db => db.StockMovements.CountAsync(m => m.Sku == sku)));
    }

    [Fact]
    public async Task Only_staff_may_use_the_inventory_api()
    {
        var customer = await app.CustomerClientAsync();
        var anonymous = app.CreateClient();
        var sku = NewSku();
        await customer.GetAsync("/admin/inventory").AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await Adjust(customer, sku, 5).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await anonymous.GetAsync($"/admin/inventory/{sku}").AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await Adjust(anonymous, sku, 5).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(0, await OnHandAsync(sku));
        await (await app.AdminClientAsync()).GetAsync("/admin/inventory/locations").JsonAsync(); // admins are staff too
    }

    private Task ReserveAsync(string sku, int quantity) => TestHolds.HoldAsync(app, sku, quantity);

    private Task<long> OnHandAsync(string sku) =>
        app.QueryAsync(db => db.StockLevels.Where(l => l.Sku == sku).SumAsync(l => l.OnHand));

    private Task<long> MovementSumAsync(string sku) =>
        app.QueryAsync(db => db.StockMovements.Where(m => m.Sku == sku).SumAsync(m => m.Delta));

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
public sealed class InventoryAdminTestsOnSqlite(SqliteApp app) : InventoryAdminTests(app);

[Collection(PostgresCollection.Name)]
public sealed class InventoryAdminTestsOnPostgres(PostgresApp app) : InventoryAdminTests(app);
