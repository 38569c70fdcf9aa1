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
        // Another integration's payment on the same account, made first: on the last page, as Stripe lists newest first.
        // (The day also holds the other tests' payments; each of them reconciles, so they are no difference.)
        var stray = await new PaymentIntentService(new StripeClient("sk_test_another_integration", apiBase: _shop.Fake.Url))
            .CreateAsync(new PaymentIntentCreateOptions { Amount = 777, Currency = "usd", PaymentMethod = "pm_card_visa", Confirm = true });
        var day = DateOnly.FromDateTime(stray.Created);
        var (refunded, refundedIntent, _) = await _shop.PlaceAsync();
        await (await _shop.ActAsync(refunded, "refunds", new { amount = 300 })).JsonAsync();
        var ours = new[] { refundedIntent, (await _shop.PlaceAsync()).PaymentIntent, (await _shop.PlaceAsync(manual: true)).PaymentIntent,
            (await _shop.PlaceAsync(price: 4321)).PaymentIntent };

        var lists = _shop.Fake.Count("GET /v1/payment_intents");
        var report = await (await (await _shop.StaffAsync()).GetAsync($"/admin/ledger/reconciliation?date={day:yyyy-MM-dd}")).JsonAsync();
        Assert.Equal("stripe", report.GetProperty("provider").GetString());
        Assert.True(report.GetProperty("paymentsChecked").GetInt32() >= 5);
        Assert.True(_shop.Fake.Count("GET /v1/payment_intents") - lists >= 3, "five payments or more at two a page are three pages or more");
        var differences = report.GetProperty("differences").EnumerateArray()
            .ToDictionary(d => d.GetProperty("providerPaymentId").GetString()!, d => (d.GetProperty("kind").GetString(), d.GetProperty("providerNet").GetProperty("amount").GetInt64()));
        Assert.Equal(("missing_in_ledger", 777L), differences[stray.Id]);
        Assert.DoesNotContain(differences.Keys, ours.Contains);
        await Invariants.AssertHoldAsync(app);
    }
}

[Collection(StripeSqliteCollection.Name)]
public sealed class StripeReconciliationTestsOnSqlite(StripeSqliteApp app) : StripeReconciliationTests(app);

[Collection(StripePostgresCollection.Name)]
public sealed class StripeReconciliationTestsOnPostgres(StripePostgresApp app) : StripeReconciliationTests(app);
