using System.Net;
using System.Text.Json;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static EngineRoom.Tests.Ledger.LedgerOrders;

namespace EngineRoom.Tests.Ledger;

public abstract class LedgerTests(EngineRoomApp app)
{
    private static List<JsonElement> Items(JsonElement page) => page.GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task Balances_show_debits_credits_and_a_zero_total_per_currency()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, price: 2500);
        await PlaceAsync(app, sku, 2, country: TaxedCountry);
        await PlaceAsync(app, sku, 1, "EUR");
        var staff = await app.StaffClientAsync();

        var balances = await staff.GetAsync("/admin/ledger/balances").JsonAsync();
        Assert.True(balances.GetProperty("balanced").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(balances.GetProperty("signConvention").GetString()));
        var totals = balances.GetProperty("totals").EnumerateArray().ToList();
        Assert.Contains(totals, t => t.GetProperty("currency").GetString() == "USD");
        Assert.Contains(totals, t => t.GetProperty("currency").GetString() == "EUR");
        Assert.All(totals, t => Assert.Equal(0, Amount(t.GetProperty("total"))));
        var accounts = balances.GetProperty("accounts").EnumerateArray().ToList();
        foreach (var account in accounts)
        {
            Assert.Equal(Amount(account.GetProperty("debit")) - Amount(account.GetProperty("credit")), Amount(account.GetProperty("balance")));
            Assert.Contains(account.GetProperty("normalBalance").GetString(), new[] { "debit", "credit" });
        }
        foreach (var currency in totals.Select(t => t.GetProperty("currency").GetString()))
            Assert.Equal(0, accounts.Where(a => a.GetProperty("balance").GetProperty("currency").GetString() == currency).Sum(a => Amount(a.GetProperty("balance"))));
        var revenue = accounts.Single(a => a.GetProperty("account").GetString() == "sales_revenue" && a.GetProperty("balance").GetProperty("currency").GetString() == "USD");
        Assert.Equal("credit", revenue.GetProperty("normalBalance").GetString());
        Assert.True(Amount(revenue.GetProperty("balance")) < 0);

        var euros = await staff.GetAsync("/admin/ledger/balances?currency=eur").JsonAsync();
        Assert.All(euros.GetProperty("accounts").EnumerateArray(), a => Assert.Equal("EUR", a.GetProperty("balance").GetProperty("currency").GetString()));
        Assert.Equal("EUR", euros.GetProperty("totals").EnumerateArray().Single().GetProperty("currency").GetString());
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task AsOf_leaves_out_entries_written_after_it()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, price: 1234);
        await PlaceAsync(app, sku);
        var asOf = app.Clock.GetUtcNow();
        var staff = await app.StaffClientAsync();
        var before = await staff.GetAsync($"/admin/ledger/balances?asOf={Query(asOf)}").JsonAsync();

        app.Clock.Advance(TimeSpan.FromSeconds(5));
        var later = await PlaceAsync(app, sku, 3);
        var again = await staff.GetAsync($"/admin/ledger/balances?asOf={Query(asOf)}").JsonAsync();
        var now = await staff.GetAsync("/admin/ledger/balances").JsonAsync();

        Assert.Equal(before.GetProperty("accounts").GetRawText(), again.GetProperty("accounts").GetRawText());
        long Clearing(JsonElement b) => b.GetProperty("accounts").EnumerateArray()
            .Where(a => a.GetProperty("account").GetString() == "payments_clearing" && a.GetProperty("debit").GetProperty("currency").GetString() == "USD")
            .Sum(a => Amount(a.GetProperty("debit")));
        // Tests in a collection run one at a time, so the later order is the only capture in between.
        Assert.Equal(later.Total, Clearing(now) - Clearing(before));
        var early = await staff.GetAsync($"/admin/ledger/balances?asOf={Query(asOf.AddYears(-20))}").JsonAsync();
        Assert.Empty(early.GetProperty("accounts").EnumerateArray());
        Assert.True(early.GetProperty("balanced").GetBoolean());
    }

    [Fact]
    public async Task Entries_filter_by_order_account_and_kind()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, price: 3000);
        var order = await PlaceAsync(app, sku, 2);
        await PlaceAsync(app, sku);
        var staff = await app.StaffClientAsync();

        // Captured at once: the sale is one entry, straight to payments clearing.
        var mine = Items(await staff.GetAsync($"/admin/ledger/entries?orderId={order.Id}").JsonAsync());
        Assert.Equal(new[] { "order_placed" }, mine.Select(e => e.GetProperty("kind").GetString()!).ToArray());
        Assert.All(mine, e => Assert.Equal(order.Id.ToString(), e.GetProperty("orderId").GetString()));
        Assert.All(mine, e => Assert.Equal(0, e.GetProperty("postings").EnumerateArray().Sum(p => Amount(p.GetProperty("amount")))));
        Assert.All(mine.SelectMany(e => e.GetProperty("postings").EnumerateArray()),
            p => Assert.Equal(Amount(p.GetProperty("amount")) > 0 ? "debit" : "credit", p.GetProperty("side").GetString()));

        var clearing = Items(await staff.GetAsync($"/admin/ledger/entries?orderId={order.Id}&account=payments_clearing").JsonAsync());
        var captured = Assert.Single(clearing);
        Assert.Equal("order_placed", captured.GetProperty("kind").GetString());
        var postings = captured.GetProperty("postings").EnumerateArray().ToDictionary(p => p.GetProperty("account").GetString()!, p => Amount(p.GetProperty("amount")));
        Assert.Equal((order.Total, -6000L), (postings["payments_clearing"], postings["sales_revenue"]));
        Assert.DoesNotContain("accounts_receivable", postings.Keys);
        var placed = Assert.Single(Items(await staff.GetAsync($"/admin/ledger/entries?orderId={order.Id}&kind=order_placed").JsonAsync()));
        Assert.Equal("order_placed", placed.GetProperty("kind").GetString());
        Assert.Empty(Items(await staff.GetAsync($"/admin/ledger/entries?orderId={order.Id}&account=accounts_receivable").JsonAsync()));
        Assert.Empty(Items(await staff.GetAsync($"/admin/ledger/entries?orderId={order.Id}&kind=payment_captured").JsonAsync()));
        Assert.Empty(Items(await staff.GetAsync($"/admin/ledger/entries?orderId={order.Id}&currency=EUR").JsonAsync()));
        Assert.Empty(Items(await staff.GetAsync($"/admin/ledger/entries?orderId={order.Id}&kind=refund").JsonAsync()));
    }

    [Fact]
    public async Task Entries_page_newest_first_without_duplicates_or_gaps()
    {
        var sku = await TestCatalog.CreateSkuAsync(app);
        app.Clock.Advance(TimeSpan.FromMilliseconds(5));
        var from = app.Clock.GetUtcNow();
        var orders = new List<Placed>();
        for (var i = 0; i < 7; i++)
        {
            orders.Add(await PlaceAsync(app, sku));
            app.Clock.Advance(TimeSpan.FromMilliseconds(3));
        }
        var staff = await app.StaffClientAsync();

        var seen = new List<JsonElement>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await staff.GetAsync($"/admin/ledger/entries?from={Query(from)}&limit=3" + (cursor is null ? "" : $"&cursor={cursor}")).JsonAsync();
            seen.AddRange(Items(page));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.String ? page.GetProperty("nextCursor").GetString() : null;
            Assert.True(++pages < 50, "the pages never end");
        } while (cursor is not null);

        var ids = seen.Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(pages >= 3);
        var times = seen.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);
        var expected = await app.QueryAsync(db => db.JournalEntries.Where(e => orders.Select(o => (Guid?)o.Id).Contains(e.OrderId)).Select(e => e.Id).ToListAsync());
        Assert.Equal(7, expected.Count); // one entry per sale paid at once: three pages of three
        Assert.Subset(ids.ToHashSet(), expected.Select(id => (string?)id.ToString()).ToHashSet());
    }

    [Fact]
    public async Task An_order_s_summary_agrees_with_its_payment()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, price: 4000);
        var order = await PlaceAsync(app, sku, 2, country: TaxedCountry);
        Assert.True(order.Tax > 0);
        await RefundRecordedAsync(app, order, 1500);
        var staff = await app.StaffClientAsync();

        var ledger = await staff.GetAsync($"/admin/ledger/orders/{order.Id}").JsonAsync();
        var summary = ledger.GetProperty("summary");
        var payment = Assert.Single(ledger.GetProperty("payments").EnumerateArray());
        var (captured, refunded) = (Amount(payment.GetProperty("captured")), Amount(payment.GetProperty("refunded")));
        Assert.Equal((order.Total, 1500), (captured, refunded));
        Assert.Equal(captured - refunded, Amount(summary.GetProperty("customerPaid")));
        Assert.Equal(captured - refunded, Amount(summary.GetProperty("paymentsNet")));
        Assert.True(summary.GetProperty("paymentsMatchLedger").GetBoolean());
        Assert.Equal(0, Amount(summary.GetProperty("receivable")));
        Assert.Equal(Amount(summary.GetProperty("customerPaid")) + Amount(summary.GetProperty("receivable")),
            Amount(summary.GetProperty("revenue")) + Amount(summary.GetProperty("tax")));
        Assert.True(Amount(summary.GetProperty("tax")) is > 0 and < 800);
        Assert.Equal(order.Total, Amount(ledger.GetProperty("orderTotal")));
        Assert.Equal(new[] { "order_placed", "refund" }, ledger.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString()!).ToArray());
        Assert.Equal(0, summary.GetProperty("accounts").EnumerateArray().Sum(a => Amount(a.GetProperty("net"))));
        Assert.Equal("partially_refunded", payment.GetProperty("state").GetString());

        await (await staff.GetAsync($"/admin/ledger/orders/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task The_ledger_is_for_staff_only()
    {
        var customer = await app.CustomerClientAsync();
        var anonymous = app.CreateClient();
        var staff = await app.StaffClientAsync();
        string[] paths = ["/admin/ledger/balances", "/admin/ledger/entries", $"/admin/ledger/orders/{Guid.NewGuid()}", "/admin/ledger/reconciliation"];
        foreach (var path in paths)
        {
            await (await customer.GetAsync(path)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
            await (await anonymous.GetAsync(path)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync(paths[0])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync(paths[3])).StatusCode);
    }

    [Theory]
    [InlineData("/admin/ledger/balances?asOf=yesterday", "asOf")]
    [InlineData("/admin/ledger/balances?currency=XYZ", "currency")]
    [InlineData("/admin/ledger/entries?account=petty_cash", "account")]
    [InlineData("/admin/ledger/entries?orderId=42", "orderId")]
    [InlineData("/admin/ledger/entries?from=2026-13-45", "from")]
    [InlineData("/admin/ledger/entries?to=soon", "to")]
    [InlineData("/admin/ledger/entries?from=2026-11-02&to=2026-11-01", "to")]
    [InlineData("/admin/ledger/entries?kind=an_entry_kind_far_longer_than_forty_characters", "kind")]
    [InlineData("/admin/ledger/entries?limit=0", "limit")]
    [InlineData("/admin/ledger/entries?limit=101", "limit")]
    [InlineData("/admin/ledger/entries?cursor=not-a-cursor", "cursor")]
    [InlineData("/admin/ledger/entries?currency=dollars", "currency")]
    [InlineData("/admin/ledger/reconciliation?date=2026-11-31", "date")]
    [InlineData("/admin/ledger/reconciliation?date=2026-11-23T00:00:00Z", "date")]
    public async Task Bad_query_parameters_are_400_naming_the_field(string path, string field)
    {
        var staff = await app.StaffClientAsync();
        await staff.GetAsync(path).AssertInvalidAsync(field);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LedgerTestsOnSqlite(SqliteApp app) : LedgerTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LedgerTestsOnPostgres(PostgresApp app) : LedgerTests(app);
