using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Tests.Infrastructure;
using EngineRoom.Tests.Payments.FakeStripe;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Payments;

/// <summary>What the Stripe tests do through the HTTP API, and what they look at afterwards.</summary>
public sealed class StripeShop(EngineRoomApp app)
{
    private HttpClient? _staff;
    public StripeParts Stripe => ((IStripeApp)app).Stripe;
    public FakeStripe.FakeStripe Fake => Stripe.Fake;

    public async Task<HttpClient> StaffAsync() => _staff ??= await app.StaffClientAsync();

    public static HttpRequestMessage BuyNow(string sku, string token = "pm_card_visa", int quantity = 2, string? key = null, string? email = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/store/orders")
        {
            Content = JsonContent.Create(new { lines = new[] { new { sku, quantity } }, email = email ?? $"s-{Guid.NewGuid():N}@example.com", paymentToken = token }),
        };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return request;
    }

    /// <summary>A Buy Now of 2 units at 1000 each; its order id and Stripe PaymentIntent id.</summary>
    public async Task<(Guid Order, string PaymentIntent, string Sku)> PlaceAsync(bool manual = false, long price = 1000)
    {
        var sku = await TestCatalog.CreateSkuAsync(app, price: price, stock: 20);
        var client = manual ? Stripe.Manual.CreateClient() : app.CreateClient();
        var order = await (await client.SendAsync(BuyNow(sku))).JsonAsync(HttpStatusCode.Created);
        var id = order.GetProperty("id").GetGuid();
        return (id, await PaymentIntentAsync(id), sku);
    }

    public Task<string> PaymentIntentAsync(Guid order) =>
        app.QueryAsync(db => db.Payments.Where(p => p.OrderId == order).Select(p => p.ProviderPaymentId).SingleAsync());

    public Task<EngineRoom.Payments.Payment> PaymentAsync(Guid order) => app.QueryAsync(db => db.Payments.AsNoTracking().SingleAsync(p => p.OrderId == order));

    public async Task<HttpResponseMessage> ActAsync(Guid order, string path, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/orders/{order}/{path}") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return await (await StaffAsync()).SendAsync(request);
    }

    public async Task<string> StatusAsync(Guid order) =>
        (await (await (await StaffAsync()).GetAsync($"/admin/orders/{order}")).JsonAsync()).GetProperty("status").GetString()!;

    public async Task<JsonElement> OrderEventsAsync(Guid order) => await (await (await StaffAsync()).GetAsync($"/admin/orders/{order}/events")).JsonAsync();

    /// <summary>The order's journal entries by kind, with each one's amount on <paramref name="account"/>.</summary>
    public Task<List<(string Kind, long Amount)>> EntriesAsync(Guid order, string account) => app.QueryAsync(async db =>
        (await db.JournalEntries.AsNoTracking().Include(e => e.Postings).Where(e => e.OrderId == order).ToListAsync())
            .OrderBy(e => e.At).ThenBy(e => e.Postings.Min(p => p.Id))
            .Select(e => (e.Kind, e.Postings.Where(p => p.Account == account).Sum(p => p.Amount))).ToList());

    public Task<(long OnHand, long Reserved)> StockAsync(string sku) => app.QueryAsync(async db =>
    {
        var level = await db.StockLevels.AsNoTracking().SingleAsync(l => l.Sku == sku);
        return (level.OnHand, level.Reserved);
    });

    /// <summary>Delivers the event and reads the outcome the app answered ("applied", "no_change", "duplicate", ...).</summary>
    public async Task<string> DeliverAsync(FakeEvent e, HttpClient? to = null)
    {
        var answer = await (await Fake.DeliverAsync(e, to)).JsonAsync();
        Assert.Equal(e.Id, answer.GetProperty("eventId").GetString());
        return answer.GetProperty("outcome").GetString()!;
    }
}
