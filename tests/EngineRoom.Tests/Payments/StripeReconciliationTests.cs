using EngineRoom.Tests.Infrastructure;
using Stripe;

namespace EngineRoom.Tests.Payments;

/// <summary>The daily reconciliation reads Stripe's list page by page (the fixture's page size is 2) to its end.</summary>
public abstract class StripeReconciliationTests(EngineRoomApp app)
{
    private readonly StripeShop _shop = new(app);

    [Fact]
    public async Task Reconciliation_walks_every_page_of_Stripe_s_list_and_names_the_one_payment_our_books_lack()
    {
        // A day of its own: 02:00 on a day after every payment the other tests made.
        var now = app.Clock.GetUtcNow();
        var day = DateOnly.FromDateTime(now.UtcDateTime).AddDays(2);
        app.Clock.Advance(new DateTimeOffset(day.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero) - now);

        // Another integration's payment on the same account, made first: the last page, Stripe listing newest first.
        var stray = await new PaymentIntentService(new StripeClient("sk_test_another_integration", apiBase: _shop.Fake.Url))
            .CreateAsync(new PaymentIntentCreateOptions { Amount = 777, Currency = "usd", PaymentMethod = "pm_card_visa", Confirm = true });
        var (refunded, _, _) = await _shop.PlaceAsync();
        await (await _shop.ActAsync(refunded, "refunds", new { amount = 300 })).JsonAsync();
        await _shop.PlaceAsync();
        await _shop.PlaceAsync(manual: true);
        await _shop.PlaceAsync(price: 4321);

        var lists = _shop.Fake.Count("GET /v1/payment_intents");
        var report = await (await (await _shop.StaffAsync()).GetAsync($"/admin/ledger/reconciliation?date={day:yyyy-MM-dd}")).JsonAsync();
        Assert.Equal(("stripe", 5), (report.GetProperty("provider").GetString(), report.GetProperty("paymentsChecked").GetInt32()));
        Assert.True(_shop.Fake.Count("GET /v1/payment_intents") - lists >= 3, "five payments at two a page are three pages");
        var difference = Assert.Single(report.GetProperty("differences").EnumerateArray());
        Assert.Equal((stray.Id, "missing_in_ledger", 777L),
            (difference.GetProperty("providerPaymentId").GetString(), difference.GetProperty("kind").GetString(), difference.GetProperty("providerNet").GetProperty("amount").GetInt64()));
        await Invariants.AssertHoldAsync(app);
    }
}

[Collection(StripeSqliteCollection.Name)]
public sealed class StripeReconciliationTestsOnSqlite(StripeSqliteApp app) : StripeReconciliationTests(app);

[Collection(StripePostgresCollection.Name)]
public sealed class StripeReconciliationTestsOnPostgres(StripePostgresApp app) : StripeReconciliationTests(app);
