using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Customers;

public abstract class CustomerAdminTests(EngineRoomApp app)
{
    private const string Password = "correct horse battery";

    private async Task<(Guid Id, string Email, HttpClient Client)> CustomerAsync(string tag)
    {
        var email = $"{tag}-{Guid.NewGuid():N}@example.com";
        var client = await app.CustomerClientAsync(email);
        var id = (await (await client.GetAsync("/store/me")).JsonAsync()).GetProperty("id").GetGuid();
        return (id, email, client);
    }

    private async Task<System.Text.Json.JsonElement> BuyAsync(HttpClient client, string sku, int quantity = 1) =>
        await (await client.PostAsJsonAsync("/store/orders", new
        {
            lines = new[] { new { sku, quantity } }, paymentToken = "tok_visa",
            shippingAddress = new { name = "Ada Lovelace", line1 = "1 Analytical Way", city = "London", postalCode = "N1 1AA", country = "GB" },
        })).JsonAsync(HttpStatusCode.Created);

    [Fact]
    public async Task Staff_search_customers_by_email_or_name_a_page_at_a_time()
    {
        var tag = $"srch{Guid.NewGuid():N}"[..16];
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add((await CustomerAsync(tag)).Id);
        var named = await CustomerAsync("other");
        await named.Client.PatchAsJsonAsync("/store/me", new { name = $"Zed {tag.ToUpperInvariant()}" });
        ids.Add(named.Id);
        var staff = await app.StaffClientAsync();

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await (await staff.GetAsync($"/admin/customers?q={tag}&limit=3{(cursor is null ? "" : $"&cursor={cursor}")}")).JsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        Assert.Equal(ids.OrderDescending(), seen); // newest first, all four, each once
        await (await staff.GetAsync("/admin/customers?cursor=not-a-cursor")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await named.Client.GetAsync("/admin/customers")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_customers_page_shows_orders_totals_and_addresses()
    {
        var (id, email, client) = await CustomerAsync("page");
        await client.PostAsJsonAsync("/store/me/addresses", new { address = new { name = "Ada", line1 = "1 Way", city = "London", postalCode = "N1", country = "GB" } });
        var sku = await TestCatalog.CreateSkuAsync(app, price: 1500, stock: 10);
        await BuyAsync(client, sku, 2);
        await BuyAsync(client, sku, 1);
        var staff = await app.StaffClientAsync();

        var page = await (await staff.GetAsync($"/admin/customers/{id}")).JsonAsync();
        Assert.Equal(email, page.GetProperty("customer").GetProperty("email").GetString());
        Assert.Single(page.GetProperty("addresses").EnumerateArray());
        var orders = page.GetProperty("orders");
        Assert.Equal(2, orders.GetProperty("count").GetInt32());
        Assert.Equal(2, orders.GetProperty("recent").GetArrayLength());
        Assert.Equal(4500, orders.GetProperty("totals")[0].GetProperty("amount").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/admin/customers/{Guid.NewGuid()}")).StatusCode);
        var admin = (await (await (await app.AdminClientAsync()).GetAsync("/store/me")).JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/admin/customers/{admin}")).StatusCode); // staff accounts are not customers
    }

    [Fact]
    public async Task Disabling_ends_sessions_on_every_instance_and_refuses_sign_in_until_enabled()
    {
        var (id, email, client) = await CustomerAsync("disable");
        await using var other = app.WithWebHostBuilder(_ => { });
        var onOther = other.CreateClient();
        onOther.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.OK, (await onOther.GetAsync("/store/me")).StatusCode);
        var staff = await app.StaffClientAsync();

        var disabled = await (await staff.PostAsync($"/admin/customers/{id}/disable", null)).JsonAsync();
        Assert.True(disabled.GetProperty("disabled").GetBoolean());
        await (await client.GetAsync("/store/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        await Eventually.AssertAsync(async () => (await onOther.GetAsync("/store/me")).StatusCode == HttpStatusCode.Unauthorized, "the other instance ends the session");
        await (await app.CreateClient().PostAsJsonAsync("/auth/token", new { email, password = Password })).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");

        Assert.False((await (await staff.PostAsync($"/admin/customers/{id}/enable", null)).JsonAsync()).GetProperty("disabled").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().PostAsJsonAsync("/auth/token", new { email, password = Password })).StatusCode);
        var audit = await app.QueryAsync(db => db.AuditEntries.Where(e => e.SubjectType == "customer" && e.SubjectId == id.ToString()).Select(e => e.Action).ToListAsync());
        Assert.Equal(["customer.disable", "customer.enable"], audit);
    }

    [Fact]
    public async Task Export_then_erase_removes_personal_data_and_keeps_every_figure()
    {
        var (id, email, client) = await CustomerAsync("erase");
        await client.PatchAsJsonAsync("/store/me", new { phone = "+1 555 0100", marketingConsent = true });
        await client.PostAsJsonAsync("/store/me/addresses", new { address = new { name = "Ada", line1 = "1 Way", city = "Boston", region = "MA", postalCode = "02110", country = "US" } });
        var sku = await TestCatalog.CreateSkuAsync(app, price: 2500, stock: 10);
        var order = (await BuyAsync(client, sku)).GetProperty("id").GetGuid();
        var cart = (await (await client.PostAsJsonAsync("/store/carts", new { currency = "USD" })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await client.PatchAsJsonAsync($"/store/carts/{cart}", new
        {
            email, shippingAddress = new { name = "Ada", line1 = "1 Way", city = "Boston", postalCode = "02110", country = "US" },
        })).JsonAsync();
        var staff = await app.StaffClientAsync();

        var mine = await (await client.PostAsync("/store/me/export", null)).JsonAsync();
        Assert.Equal(email, mine.GetProperty("profile").GetProperty("email").GetString());
        Assert.Single(mine.GetProperty("addresses").EnumerateArray());
        Assert.Equal(order, mine.GetProperty("orders")[0].GetProperty("id").GetGuid());
        var theirs = await (await staff.PostAsync($"/admin/customers/{id}/export", null)).JsonAsync();
        Assert.Equal("+1 555 0100", theirs.GetProperty("profile").GetProperty("phone").GetString());
        Assert.DoesNotContain("passwordHash", theirs.GetRawText(), StringComparison.OrdinalIgnoreCase);

        // An unshipped order still needs its address.
        await (await staff.PostAsync($"/admin/customers/{id}/erase", null)).AssertProblemAsync(HttpStatusCode.Conflict, "customer_has_open_orders");
        await staff.PostAsJsonAsync($"/admin/orders/{order}/fulfillments", new { });
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/admin/orders/{order}/ship", new { carrier = "UPS", trackingNumber = "1Z" })).StatusCode);
        var before = await FiguresAsync(order);

        var erased = await (await staff.PostAsync($"/admin/customers/{id}/erase", null)).JsonAsync();
        Assert.Equal(1, erased.GetProperty("ordersAnonymised").GetInt32());
        await (await client.GetAsync("/store/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        await (await app.CreateClient().PostAsJsonAsync("/auth/token", new { email, password = Password })).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");

        Assert.Equal(before, await FiguresAsync(order));
        await Invariants.AssertHoldAsync(app);
        var left = await app.QueryAsync(async db => new
        {
            Account = await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == id),
            Order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order),
            Addresses = await db.CustomerAddresses.CountAsync(a => a.AccountId == id),
            Cart = await db.Carts.AsNoTracking().SingleAsync(c => c.Id == cart),
            Tokens = await db.AccountTokens.CountAsync(t => t.AccountId == id),
            Audit = await db.AuditEntries.AsNoTracking().Where(e => e.SubjectType == "customer" && e.SubjectId == id.ToString()).ToListAsync(),
        });
        Assert.DoesNotContain(email, $"{left.Account.Email}{left.Account.Name}{left.Order.Email}{left.Order.ShippingAddress}", StringComparison.OrdinalIgnoreCase);
        Assert.Null(left.Account.Phone);
        Assert.Equal("", left.Account.PasswordHash);
        Assert.Equal(("GB", "erased", "erased"), (left.Order.ShippingAddress!.Country, left.Order.ShippingAddress.Name, left.Order.ShippingAddress.City));
        Assert.Equal((0, 0), (left.Addresses, left.Tokens));
        Assert.Null(left.Cart.Email);
        Assert.Null(left.Cart.ShippingAddress);
        Assert.Equal(["customer.export", "customer.export", "customer.erase"], left.Audit.Select(e => e.Action));
        Assert.All(left.Audit, e => Assert.DoesNotContain(email, $"{e.Before}{e.After}", StringComparison.OrdinalIgnoreCase));

        // The address is free again; the erased customer's page says so and cannot be enabled.
        await (await staff.PostAsync($"/admin/customers/{id}/enable", null)).AssertProblemAsync(HttpStatusCode.Conflict, "customer_erased");
        await (await staff.PostAsync($"/admin/customers/{id}/erase", null)).AssertProblemAsync(HttpStatusCode.Conflict, "customer_erased");
        Assert.NotEqual(id, (await (await (await app.CustomerClientAsync(email)).GetAsync("/store/me")).JsonAsync()).GetProperty("id").GetGuid());
    }

    private Task<string> FiguresAsync(Guid order) => app.QueryAsync(async db =>
    {
        var o = await db.Orders.AsNoTracking().Include(x => x.Lines).SingleAsync(x => x.Id == order);
        var postings = await db.Postings.Join(db.JournalEntries, p => p.EntryId, e => e.Id, (p, e) => new { e.OrderId, p.Account, p.Amount })
            .Where(x => x.OrderId == order).OrderBy(x => x.Account).ThenBy(x => x.Amount).ToListAsync();
        return $"{o.Status} {o.Total} {o.Subtotal} {o.TaxTotal} {o.ShippingTotal} {string.Join(",", o.Lines.Select(l => $"{l.Sku}x{l.Quantity}={l.Total}"))} "
               + string.Join(";", postings.Select(p => $"{p.Account}:{p.Amount}"));
    });

    [Fact]
    public async Task An_API_key_reaches_the_customer_pages_only_with_a_customers_scope()
    {
        var (id, _, _) = await CustomerAsync("key");
        var admin = await app.AdminClientAsync();
        var reader = app.WithKey((await ApiKeyClients.CreateAsync(admin, ["customers:read"])).Key);
        var orders = app.WithKey((await ApiKeyClients.CreateAsync(admin, ["orders:write"])).Key);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/admin/customers/{id}")).StatusCode);
        await (await reader.PostAsync($"/admin/customers/{id}/disable", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient_scope");
        await (await orders.GetAsync($"/admin/customers/{id}")).AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient_scope");
        var writer = app.WithKey((await ApiKeyClients.CreateAsync(admin, ["customers:write"])).Key);
        Assert.Equal(HttpStatusCode.OK, (await writer.PostAsync($"/admin/customers/{id}/disable", null)).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CustomerAdminTestsOnSqlite(SqliteApp app) : CustomerAdminTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CustomerAdminTestsOnPostgres(PostgresApp app) : CustomerAdminTests(app);
