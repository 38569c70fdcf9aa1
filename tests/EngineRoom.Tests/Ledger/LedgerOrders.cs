using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Ledger;
using EngineRoom.Payments;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EngineRoom.Tests.Ledger;

/// <summary>Orders made for ledger tests through Buy Now, and the reads the tests share.</summary>
public static class LedgerOrders
{
    public sealed record Placed(Guid Id, long Total, long Tax, string Currency, string ProviderPaymentId);

    /// <summary>A country no other test ships to, taxed at 10%, so a ledger test can have tax without changing anyone else's prices.</summary>
    public const string TaxedCountry = "XL";

    public static async Task<Placed> PlaceAsync(EngineRoomApp app, string sku, int quantity = 1, string currency = "USD", string country = "GB")
    {
        if (country == TaxedCountry)
        {
            var rate = await (await app.AdminClientAsync()).PutAsJsonAsync($"/admin/tax-rates/{TaxedCountry}", new { name = "XL tax", rateBps = 1000 });
            Assert.True(rate.IsSuccessStatusCode, await rate.Content.ReadAsStringAsync());
        }
        var response = await app.CreateClient().PostAsJsonAsync("/store/orders", new
        {
            lines = new[] { new { sku, quantity } }, paymentToken = "tok_visa", email = $"ledger-{Guid.NewGuid():N}@example.com", currency,
            shippingAddress = new { name = "Luca Pacioli", line1 = "1 Summa Street", city = "Venice", postalCode = "30100", country },
        });
        var order = await response.JsonAsync(HttpStatusCode.Created);
        var id = Guid.Parse(order.GetProperty("id").GetString()!);
        var providerId = await app.QueryAsync(db => db.Payments.Where(p => p.OrderId == id).Select(p => p.ProviderPaymentId).SingleAsync());
        return new Placed(id, Amount(order.GetProperty("total")), Amount(order.GetProperty("tax")), currency, providerId);
    }

    /// <summary>A refund recorded the way the staff refund action records it: at the provider, on the payment, in the ledger.</summary>
    public static async Task RefundRecordedAsync(EngineRoomApp app, Placed order, long amount)
    {
        var provider = app.Services.GetRequiredService<IPaymentProvider>();
        var result = await provider.RefundAsync(order.ProviderPaymentId, amount, $"test-refund-{Guid.NewGuid():N}", default);
        Assert.True(result.Succeeded, result.DeclineCode);
        await app.QueryAsync(async db =>
        {
            var payment = await db.Payments.SingleAsync(p => p.OrderId == order.Id);
            payment.Record(result);
            db.JournalEntries.Add(AfterSaleEntries.Refund(order.Id, order.Currency, amount,
                AfterSaleEntries.TaxShare(amount, order.Tax, order.Total), app.Clock.GetUtcNow(), "test refund"));
            return await db.SaveChangesAsync();
        });
    }

    public static long Amount(JsonElement money) => money.GetProperty("amount").GetInt64();

    public static string Query(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O"));
}
