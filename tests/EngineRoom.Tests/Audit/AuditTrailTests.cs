using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Common.Audit;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Audit;

/// <summary>Every family of staff writes leaves exactly one audit entry per write, naming its actor; a refused write leaves none.</summary>
public abstract class AuditTrailTests(EngineRoomApp app)
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24].ToLowerInvariant();

    private async Task<(HttpClient Client, Guid Id)> SignInAsync(bool admin = false)
    {
        var client = admin ? await app.AdminClientAsync() : await app.StaffClientAsync();
        return (client, (await client.GetAsync("/store/me").JsonAsync()).GetProperty("id").GetGuid());
    }

    private Task<List<AuditEntry>> EntriesAsync(string subjectType, string subjectId) => app.QueryAsync(db => db.AuditEntries.AsNoTracking()
        .Where(e => e.SubjectType == subjectType && e.SubjectId == subjectId).OrderBy(e => e.Id).ToListAsync());

    private Task<long> LastIdAsync() => app.QueryAsync(async db => await db.AuditEntries.MaxAsync(e => (long?)e.Id) ?? 0);

    /// <summary>The subject's entries are exactly <paramref name="actions"/>, in order, each by <paramref name="actor"/>.</summary>
    private async Task<List<AuditEntry>> AssertTrailAsync(string subjectType, string subjectId, Guid actor, params string[] actions)
    {
        var entries = await EntriesAsync(subjectType, subjectId);
        Assert.Equal(actions, entries.Select(e => e.Action));
        foreach (var e in entries)
        {
            Assert.Equal(actor, e.ActorId);
            Assert.False(string.IsNullOrEmpty(e.ActorEmail));
            if (!e.Action.EndsWith(".set", StringComparison.Ordinal)) // a set creates or replaces: checked by the caller
                Assert.Equal(e.Action.EndsWith(".create", StringComparison.Ordinal), e.Before is null);
            Assert.Equal(e.Action.EndsWith(".delete", StringComparison.Ordinal), e.After is null);
        }
        return entries;
    }

    private static JsonElement Json(string? text) => JsonDocument.Parse(text!).RootElement;

    [Fact]
    public async Task Products_variants_prices_and_categories_are_audited()
    {
        var (staff, me) = await SignInAsync();
        var sku = TestCatalog.NewSku();
        var variant = new { sku, name = "M", options = new[] { new { name = "size", value = "M" } }, prices = new[] { new { amount = 1000, currency = "USD" } } };
        var slug = Unique("audit");
        var product = await staff.PostAsJsonAsync("/admin/products", new { slug, name = "Before", published = true, variants = new[] { variant } })
            .JsonAsync(HttpStatusCode.Created);
        var id = product.GetProperty("id").GetInt64();
        await staff.PutAsJsonAsync($"/admin/products/{id}", new { slug, name = "After", published = false }).JsonAsync();
        var added = await staff.PostAsJsonAsync($"/admin/products/{id}/variants", variant with { sku = TestCatalog.NewSku() }).JsonAsync(HttpStatusCode.Created);
        var variantId = added.GetProperty("id").GetInt64();
        await staff.PutAsJsonAsync($"/admin/variants/{variantId}", variant with { sku = TestCatalog.NewSku(), name = "L" }).JsonAsync();
        await staff.PutAsJsonAsync($"/admin/variants/{variantId}/prices", new { prices = new[] { new { amount = 1200, currency = "EUR" } } }).JsonAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await staff.DeleteAsync($"/admin/variants/{variantId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await staff.DeleteAsync($"/admin/products/{id}")).StatusCode);

        var productTrail = await AssertTrailAsync("product", id.ToString(), me, "product.create", "product.update", "product.delete");
        Assert.Equal("Before", Json(productTrail[1].Before).GetProperty("name").GetString());
        Assert.Equal("After", Json(productTrail[1].After).GetProperty("name").GetString());
        Assert.Equal(sku, Json(productTrail[0].After).GetProperty("variants")[0].GetProperty("sku").GetString());
        var variantTrail = await AssertTrailAsync("variant", variantId.ToString(), me, "variant.create", "variant.update", "variant.set_prices", "variant.delete");
        Assert.Equal("USD", Json(variantTrail[2].Before).GetProperty("prices")[0].GetProperty("currency").GetString());
        Assert.Equal("EUR", Json(variantTrail[2].After).GetProperty("prices")[0].GetProperty("currency").GetString());

        var parent = await staff.PostAsJsonAsync("/admin/categories", new { slug = Unique("cat"), name = "Parent", position = 0 }).JsonAsync(HttpStatusCode.Created);
        var childSlug = Unique("cat");
        var child = await staff.PostAsJsonAsync("/admin/categories", new { slug = childSlug, name = "Child", position = 0 }).JsonAsync(HttpStatusCode.Created);
        var childId = child.GetProperty("id").GetInt64();
        await staff.PutAsJsonAsync($"/admin/categories/{childId}", new { slug = childSlug, name = "Moved", parentId = parent.GetProperty("id").GetInt64(), position = 1 }).JsonAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await staff.DeleteAsync($"/admin/categories/{childId}")).StatusCode);
        var categoryTrail = await AssertTrailAsync("category", childId.ToString(), me, "category.create", "category.update", "category.delete");
        Assert.Equal(JsonValueKind.Null, Json(categoryTrail[1].Before).GetProperty("parentId").ValueKind);
        Assert.Equal(parent.GetProperty("id").GetInt64(), Json(categoryTrail[1].After).GetProperty("parentId").GetInt64());
    }

    [Fact]
    public async Task Stock_changes_settings_and_locations_are_audited()
    {
        var (staff, me) = await SignInAsync();
        var sku = TestCatalog.NewSku();
        await staff.PostAsJsonAsync($"/admin/inventory/{sku}/adjustments", new { delta = 10, reason = "received" }).JsonAsync();
        await staff.PutAsJsonAsync($"/admin/inventory/{sku}/stock", new { onHand = 7, reason = "correction" }).JsonAsync();
        await staff.PatchAsJsonAsync($"/admin/inventory/{sku}", new { lowStockThreshold = 3 }).JsonAsync();

        var trail = await AssertTrailAsync("inventory", sku, me, "stock.adjust", "stock.count", "inventory.update");
        Assert.Equal(new[] { 0L, 10L, 10L, 7L }, trail.Take(2)
            .SelectMany(e => new[] { Json(e.Before).GetProperty("onHand").GetInt64(), Json(e.After).GetProperty("onHand").GetInt64() }));
        Assert.Equal(JsonValueKind.Null, Json(trail[2].Before).GetProperty("lowStockThreshold").ValueKind);
        Assert.Equal(3, Json(trail[2].After).GetProperty("lowStockThreshold").GetInt32());

        var code = Unique("wh");
        await staff.PostAsJsonAsync("/admin/inventory/locations", new { code, name = "Audit warehouse" }).JsonAsync(HttpStatusCode.Created);
        await AssertTrailAsync("stock_location", code, me, "location.create");
    }

    [Fact]
    public async Task Discounts_shipping_methods_and_tax_rates_are_audited()
    {
        var (staff, me) = await SignInAsync();
        var discount = await staff.PostAsJsonAsync("/admin/discounts", new { code = Unique("A").ToUpperInvariant(), name = "Ten", kind = "percentage", percentBps = 1000 })
            .JsonAsync(HttpStatusCode.Created);
        var discountId = discount.GetProperty("id").GetGuid();
        await staff.PatchAsJsonAsync($"/admin/discounts/{discountId}", new { percentBps = 2000 }).JsonAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await staff.DeleteAsync($"/admin/discounts/{discountId}")).StatusCode);
        var discountTrail = await AssertTrailAsync("discount", discountId.ToString(), me, "discount.create", "discount.update", "discount.delete");
        Assert.Equal(1000, Json(discountTrail[1].Before).GetProperty("percentBps").GetInt32());
        Assert.Equal(2000, Json(discountTrail[1].After).GetProperty("percentBps").GetInt32());

        var method = await staff.PostAsJsonAsync("/admin/shipping-methods", new { code = Unique("ship"), name = "Post", currency = "USD", amount = 500 })
            .JsonAsync(HttpStatusCode.Created);
        var methodId = method.GetProperty("id").GetGuid();
        await staff.PatchAsJsonAsync($"/admin/shipping-methods/{methodId}", new { amount = 600 }).JsonAsync();
        await AssertTrailAsync("shipping_method", methodId.ToString(), me, "shipping_method.create", "shipping_method.update");

        var region = Guid.NewGuid().ToString("N")[..3].ToUpperInvariant();
        await staff.PutAsJsonAsync($"/admin/tax-rates/XZ/{region}", new { name = "XZ", rateBps = 1000 }).JsonAsync(HttpStatusCode.Created);
        await staff.PutAsJsonAsync($"/admin/tax-rates/XZ/{region}", new { name = "XZ", rateBps = 1100 }).JsonAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await staff.DeleteAsync($"/admin/tax-rates/XZ/{region}")).StatusCode);
        var taxTrail = await AssertTrailAsync("tax_rate", $"XZ-{region}", me, "tax_rate.set", "tax_rate.set", "tax_rate.delete");
        Assert.Null(taxTrail[0].Before); // the first set created the rate
        Assert.Equal(1000, Json(taxTrail[1].Before).GetProperty("rateBps").GetInt32());
    }

    [Fact]
    public async Task Staff_accounts_are_audited_without_secrets()
    {
        var (admin, me) = await SignInAsync(admin: true);
        var password = "a staff password 42";
        var created = await admin.PostAsJsonAsync("/admin/staff", new { email = $"{Unique("s")}@example.com", name = "New", password, role = "staff" })
            .JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        await admin.PatchAsJsonAsync($"/admin/staff/{id}", new { name = "Renamed", disabled = true }).JsonAsync();

        var trail = await AssertTrailAsync("staff", id.ToString(), me, "staff.create", "staff.update");
        Assert.True(Json(trail[1].After).GetProperty("disabled").GetBoolean());
        Assert.All(trail, e => Assert.DoesNotContain(password, e.After));
        Assert.All(trail, e => Assert.DoesNotContain("hash", e.After, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Refused_writes_record_nothing()
    {
        var (staff, _) = await SignInAsync();
        var sku = TestCatalog.NewSku();
        await staff.PostAsJsonAsync($"/admin/inventory/{sku}/adjustments", new { delta = 2, reason = "received" }).JsonAsync();
        var slug = Unique("taken");
        await staff.PostAsJsonAsync("/admin/products", new { slug, name = "First", published = true }).JsonAsync(HttpStatusCode.Created);
        var parent = await staff.PostAsJsonAsync("/admin/categories", new { slug = Unique("cat"), name = "P", position = 0 }).JsonAsync(HttpStatusCode.Created);
        await staff.PostAsJsonAsync("/admin/categories", new { slug = Unique("cat"), name = "C", parentId = parent.GetProperty("id").GetInt64(), position = 0 })
            .JsonAsync(HttpStatusCode.Created);
        var used = await staff.PostAsJsonAsync("/admin/discounts", new { name = "Used", kind = "freeShipping", active = false }).JsonAsync(HttpStatusCode.Created);
        var usedId = used.GetProperty("id").GetGuid();
        await app.QueryAsync(db => db.Discounts.Where(d => d.Id == usedId).ExecuteUpdateAsync(s => s.SetProperty(d => d.TimesUsed, 1)));

        var last = await LastIdAsync();
        await staff.PostAsJsonAsync("/admin/products", new { slug, name = "Second", published = true }).AssertProblemAsync(HttpStatusCode.Conflict, "slug_taken");
        await staff.PostAsJsonAsync($"/admin/inventory/{sku}/adjustments", new { delta = -3, reason = "lost" })
            .AssertProblemAsync(HttpStatusCode.Conflict, "insufficient_stock");
        await staff.PostAsJsonAsync($"/admin/inventory/{sku}/adjustments", new { delta = 0, reason = "lost" }).AssertInvalidAsync("delta");
        await staff.DeleteAsync($"/admin/categories/{parent.GetProperty("id").GetInt64()}").AssertProblemAsync(HttpStatusCode.Conflict, "category_has_children");
        await staff.DeleteAsync($"/admin/discounts/{usedId}").AssertProblemAsync(HttpStatusCode.Conflict, "discount_in_use");
        await staff.PatchAsJsonAsync($"/admin/discounts/{usedId}", new { name = "" }).AssertInvalidAsync("name");
        await staff.PostAsJsonAsync("/admin/discounts", new { name = "Bad", kind = "no-such-kind" }).AssertInvalidAsync("kind");
        Assert.Equal(HttpStatusCode.NotFound, (await staff.DeleteAsync($"/admin/products/{long.MaxValue}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync("/admin/staff", new { email = "x@example.com", name = "x", password = "long enough pw", role = "staff" })).StatusCode);
        Assert.Equal(last, await LastIdAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AuditTrailTestsOnSqlite(SqliteApp app) : AuditTrailTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AuditTrailTestsOnPostgres(PostgresApp app) : AuditTrailTests(app);
