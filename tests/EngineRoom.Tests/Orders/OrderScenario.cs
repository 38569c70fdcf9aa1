using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EngineRoom.Tests.Orders;

/// <summary>Puts a fresh order into any state through the public APIs, the way a shop would get it there.</summary>
public sealed class OrderScenario(EngineRoomApp app)
{
    private static readonly ConditionalWeakTable<EngineRoomApp, WebApplicationFactory<Program>> ManualCapture = new();
    private HttpClient? _staff;

    public async Task<HttpClient> StaffAsync() => _staff ??= await app.StaffClientAsync();

    /// <summary>An order of 2 units of one SKU (price 1000 each); captured at once unless <paramref name="manual"/>.</summary>
    public async Task<(Guid Id, string Sku)> PlaceAsync(bool manual = false, string token = "tok_visa", int quantity = 2, long price = 1000, string[]? codes = null)
    {
        var sku = await TestCatalog.CreateSkuAsync(app, price: price, stock: 50);
        var client = manual ? ManualCapture.GetValue(app, a => a.WithWebHostBuilder(b => b.UseSetting("Payments:CaptureMode", "manual"))).CreateClient() : app.CreateClient();
        var order = await (await client.PostAsJsonAsync("/store/orders",
            new { lines = new[] { new { sku, quantity } }, email = $"o-{Guid.NewGuid():N}@example.com", paymentToken = token, discountCodes = codes })).JsonAsync(HttpStatusCode.Created);
        return (Guid.Parse(order.GetProperty("id").GetString()!), sku);
    }

    public async Task<HttpResponseMessage> ActAsync(Guid id, string action, string sku, string? key = null)
    {
        var (path, body) = action switch
        {
            "capture" => ("capture", (object)new { }),
            "void" => ("void", new { }),
            "cancel" => ("cancel", new { reason = "test" }),
            "refund" => ("refunds", new { amount = 100 }),
            "fulfil" => ("fulfillments", new { lines = new[] { new { sku, quantity = 1 } } }),
            "ship" => ("ship", new { carrier = "UPS", trackingNumber = "1Z999" }),
            "deliver" => ("deliver", new { }),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/orders/{id}/{path}") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return await (await StaffAsync()).SendAsync(request);
    }

    /// <summary>A fresh order in <paramref name="state"/>.</summary>
    public async Task<(Guid Id, string Sku)> InStateAsync(string state)
    {
        var order = await PlaceAsync(manual: state == "authorized");
        var steps = state switch
        {
            "authorized" or "paid" => [],
            "partially_refunded" => ["refund"],
            "partially_fulfilled" => ["fulfil"],
            "fulfilled" => ["fulfil", "fulfil"],
            "shipped" => ["fulfil", "fulfil", "ship"],
            "delivered" => ["fulfil", "fulfil", "ship", "deliver"],
            "cancelled" => ["cancel"],
            "refunded" => new[] { "full-refund" },
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
        foreach (var step in steps)
        {
            var response = step == "full-refund"
                ? await (await StaffAsync()).PostAsJsonAsync($"/admin/orders/{order.Id}/refunds", new { amount = 2000 })
                : await ActAsync(order.Id, step, order.Sku);
            await response.JsonAsync();
        }
        Assert.Equal(state, await StatusAsync(order.Id));
        return order;
    }

    public async Task<string> StatusAsync(Guid id) =>
        (await (await (await StaffAsync()).GetAsync($"/admin/orders/{id}")).JsonAsync()).GetProperty("status").GetString()!;

    public async Task<JsonElement> OrderAsync(Guid id) => await (await (await StaffAsync()).GetAsync($"/admin/orders/{id}")).JsonAsync();
}
