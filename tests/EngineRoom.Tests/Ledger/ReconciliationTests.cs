using System.Net;
using System.Text.Json;
using EngineRoom.Payments;
using EngineRoom.Payments.Sandbox;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static EngineRoom.Tests.Ledger.LedgerOrders;

namespace EngineRoom.Tests.Ledger;

/// <summary>
/// Other tests share the database and the day, and some break things on purpose, so each test judges only its own
/// payments; only an empty day far in the past can be asserted balanced as a whole.
/// </summary>
public abstract class ReconciliationTests(EngineRoomApp app)
{
    private string Today => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");

    private async Task<JsonElement> ReconcileAsync(string? date = null) =>
        await (await app.StaffClientAsync()).GetAsync("/admin/ledger/reconciliation" + (date is null ? "" : $"?date={date}")).JsonAsync();

    private static JsonElement? DifferenceFor(JsonElement report, string providerPaymentId) =>
        report.GetProperty("differences").EnumerateArray().Where(d => d.GetProperty("providerPaymentId").GetString() == providerPaymentId)
            .Select(d => (JsonElement?)d).SingleOrDefault();

    private static long? Net(JsonElement difference, string side) =>
        difference.GetProperty(side).ValueKind == JsonValueKind.Null ? null : Amount(difference.GetProperty(side));

    [Fact]
    public async Task A_normal_day_shows_no_difference_for_its_payments()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, price: 1500);
        var orders = new[] { await PlaceAsync(app, sku), await PlaceAsync(app, sku, 2, "EUR"), await PlaceAsync(app, sku, 3, country: TaxedCountry) };
        await RefundRecordedAsync(app, orders[2], 700);

        var report = await ReconcileAsync(Today);
        Assert.Equal(Today, report.GetProperty("date").GetString());
        Assert.Equal("sandbox", report.GetProperty("provider").GetString());
        Assert.True(report.GetProperty("paymentsChecked").GetInt32() >= orders.Length);
        Assert.All(orders, o => Assert.Null(DifferenceFor(report, o.ProviderPaymentId)));
        var currencies = report.GetProperty("totals").EnumerateArray().Select(t => t.GetProperty("currency").GetString()).ToList();
        Assert.Contains("USD", currencies);
        Assert.Contains("EUR", currencies);

        var yesterday = await ReconcileAsync();
        Assert.Equal(DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(-1).ToString("yyyy-MM-dd"), yesterday.GetProperty("date").GetString());
        var quiet = await ReconcileAsync(DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddYears(-10).ToString("yyyy-MM-dd"));
        Assert.True(quiet.GetProperty("balanced").GetBoolean());
        Assert.Equal(0, quiet.GetProperty("paymentsChecked").GetInt32());
        Assert.Empty(quiet.GetProperty("differences").EnumerateArray());
    }

    [Fact]
    public async Task A_refund_made_at_the_provider_alone_is_an_amount_mismatch()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, price: 2000);
        var order = await PlaceAsync(app, sku);
        var refund = await app.Services.GetRequiredService<IPaymentProvider>().RefundAsync(order.ProviderPaymentId, 500, $"unrecorded-{Guid.NewGuid():N}", default);
        Assert.True(refund.Succeeded);

        var report = await ReconcileAsync(Today);
        Assert.False(report.GetProperty("balanced").GetBoolean());
        var difference = DifferenceFor(report, order.ProviderPaymentId)!.Value;
        Assert.Equal("amount_mismatch", difference.GetProperty("kind").GetString());
        Assert.Equal(order.Id.ToString(), difference.GetProperty("orderId").GetString());
        Assert.Equal((order.Total - 500, order.Total, order.Total),
            (Net(difference, "providerNet"), Net(difference, "ledgerNet"), Net(difference, "paymentsNet")));
        var usd = report.GetProperty("totals").EnumerateArray().Single(t => t.GetProperty("currency").GetString() == "USD");
        Assert.True(usd.GetProperty("differences").GetInt32() >= 1);
    }

    [Fact]
    public async Task A_charge_our_books_never_saw_is_missing_in_the_ledger()
    {
        var charge = new SandboxCharge
        {
            Id = $"sb_ch_{Guid.NewGuid():N}", IdempotencyKey = $"stray-{Guid.NewGuid():N}", Token = "tok_visa", Currency = "USD",
            Authorized = 4200, Captured = 4200, State = PaymentState.Captured, CreatedAt = app.Clock.GetUtcNow(),
        };
        app.Sandbox.AddOrGet(charge);

        var difference = DifferenceFor(await ReconcileAsync(Today), charge.Id)!.Value;
        Assert.Equal("missing_in_ledger", difference.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, difference.GetProperty("orderId").ValueKind);
        Assert.Equal((4200, null, null), (Net(difference, "providerNet"), Net(difference, "ledgerNet"), Net(difference, "paymentsNet")));
    }

    [Fact]
    public async Task A_payment_the_provider_has_no_record_of_is_missing_at_the_provider()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, price: 1100);
        var order = await PlaceAsync(app, sku);
        app.Sandbox.Remove(order.ProviderPaymentId);

        var difference = DifferenceFor(await ReconcileAsync(Today), order.ProviderPaymentId)!.Value;
        Assert.Equal("missing_at_provider", difference.GetProperty("kind").GetString());
        Assert.Equal(order.Id.ToString(), difference.GetProperty("orderId").GetString());
        Assert.Equal((null, order.Total, order.Total), (Net(difference, "providerNet"), Net(difference, "ledgerNet"), Net(difference, "paymentsNet")));
        await Invariants.AssertHoldAsync(app);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ReconciliationTestsOnSqlite(SqliteApp app) : ReconciliationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ReconciliationTestsOnPostgres(PostgresApp app) : ReconciliationTests(app);
