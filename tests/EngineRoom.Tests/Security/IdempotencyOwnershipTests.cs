using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Security;

/// <summary>An Idempotency-Key belongs to the caller that made it; its stored answer is sealed at rest.</summary>
public abstract class IdempotencyOwnershipTests(EngineRoomApp app)
{
    private static readonly object Address = new { name = "Ada Lovelace", line1 = "12 Secret Lane", city = "London", postalCode = "N1 9GU", country = "GB", phone = "+44 20 7946 0000" };

    private static HttpRequestMessage Checkout(string cartId, string key, string? bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/store/carts/{cartId}/checkout") { Content = JsonContent.Create(new { paymentToken = "tok_visa" }) };
        request.Headers.Add("Idempotency-Key", key);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return request;
    }

    [Fact]
    public async Task Replaying_another_customers_checkout_key_never_returns_their_order()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 5);
        var alice = await app.CustomerClientAsync();
        var aliceToken = alice.DefaultRequestHeaders.Authorization!.Parameter!;
        var cart = await (await alice.PostAsJsonAsync("/store/carts", new { currency = "USD" })).JsonAsync(HttpStatusCode.Created);
        var cartId = cart.GetProperty("id").GetString()!;
        await (await alice.PostAsJsonAsync($"/store/carts/{cartId}/items", new { sku, quantity = 1 })).JsonAsync();
        await (await alice.PatchAsJsonAsync($"/store/carts/{cartId}", new { shippingAddress = Address })).JsonAsync();
        var key = Guid.NewGuid().ToString();
        var order = await (await app.CreateClient().SendAsync(Checkout(cartId, key, aliceToken))).JsonAsync(HttpStatusCode.Created);
        var orderId = order.GetProperty("id").GetString()!;

        var bob = await app.CustomerClientAsync();
        var bobToken = bob.DefaultRequestHeaders.Authorization!.Parameter!;
        foreach (var stranger in new[] { null, bobToken })
        {
            var replay = await app.CreateClient().SendAsync(Checkout(cartId, key, stranger));
            var body = await replay.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, replay.StatusCode);
            Assert.DoesNotContain(orderId, body);
            Assert.DoesNotContain("Secret Lane", body);
            Assert.False(replay.Headers.Contains("Idempotent-Replayed"));
        }

        var own = await app.CreateClient().SendAsync(Checkout(cartId, key, aliceToken));
        Assert.Equal(orderId, (await own.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString());
        Assert.True(own.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await app.QueryAsync(db => db.Orders.CountAsync(o => o.CartId == cartId)));
    }

    [Fact]
    public async Task Stored_answers_hold_no_order_token_email_or_address_in_plain_text()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 5);
        var email = $"sealed-{Guid.NewGuid():N}@example.com";
        var key = Guid.NewGuid().ToString();
        var request = new HttpRequestMessage(HttpMethod.Post, "/store/orders")
        {
            Content = JsonContent.Create(new { lines = new[] { new { sku, quantity = 1 } }, email, paymentToken = "tok_visa", shippingAddress = Address }),
        };
        request.Headers.Add("Idempotency-Key", key);
        var order = await (await app.CreateClient().SendAsync(request)).JsonAsync(HttpStatusCode.Created);
        var orderToken = order.GetProperty("orderToken").GetString()!;

        var stored = await app.QueryAsync(db => db.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.Key == key));
        var everything = Encoding.UTF8.GetString(stored.Body!) + stored.Scope + stored.Location;
        Assert.DoesNotContain(orderToken, everything);
        Assert.DoesNotContain(email, everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Secret Lane", everything);

        var replay = new HttpRequestMessage(HttpMethod.Post, "/store/orders") { Content = JsonContent.Create(new { lines = new[] { new { sku, quantity = 1 } }, email, paymentToken = "tok_visa", shippingAddress = Address }) };
        replay.Headers.Add("Idempotency-Key", key);
        Assert.Equal(orderToken, (await (await app.CreateClient().SendAsync(replay)).JsonAsync(HttpStatusCode.Created)).GetProperty("orderToken").GetString());
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("key\u0001with-control")]
    [InlineData("key\twith-tab")]
    [InlineData("ключ")]
    public async Task A_malformed_idempotency_key_is_refused_and_nothing_is_bought(string key)
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 5);
        var request = new HttpRequestMessage(HttpMethod.Post, "/store/orders")
        {
            Content = JsonContent.Create(new { lines = new[] { new { sku, quantity = 1 } }, email = "key@example.com", paymentToken = "tok_visa" }),
        };
        Assert.True(request.Headers.TryAddWithoutValidation("Idempotency-Key", key));
        var problem = await (await app.CreateClient().SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(0, await app.QueryAsync(db => db.Orders.CountAsync(o => o.Lines.Any(l => l.Sku == sku))));
    }

    [Fact]
    public async Task An_empty_key_is_refused_rather_than_ignored()
    {
        // HttpClient leaves an empty header out, so this request is built on the server side, as Kestrel hands it over.
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 5);
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { lines = new[] { new { sku, quantity = 1 } }, email = "empty@example.com", paymentToken = "tok_visa" });
        Task<Microsoft.AspNetCore.Http.HttpContext> SendAsync(string? key) => app.Server.SendAsync(c =>
        {
            c.Request.Method = "POST";
            c.Request.Path = "/store/orders";
            if (key is not null) c.Request.Headers["Idempotency-Key"] = key;
            c.Request.ContentType = "application/json";
            c.Request.ContentLength = body.Length;
            c.Request.Body = new MemoryStream(body);
            c.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>(new HasBody());
        });

        var refused = await SendAsync("");
        Assert.Equal(400, refused.Response.StatusCode);
        var problem = await new StreamReader(refused.Response.Body).ReadToEndAsync();
        Assert.True(problem.Contains("Idempotency-Key"), problem);
        Assert.Equal(0, await app.QueryAsync(db => db.Orders.CountAsync(o => o.Lines.Any(l => l.Sku == sku))));
        Assert.Equal(201, (await SendAsync(null)).Response.StatusCode); // the same request without the header is served
    }

    [Fact]
    public async Task A_key_longer_than_255_characters_is_refused()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/store/orders") { Content = JsonContent.Create(new { lines = new[] { new { sku = "X", quantity = 1 } }, email = "k@example.com", paymentToken = "tok_visa" }) };
        request.Headers.Add("Idempotency-Key", new string('k', 256));
        await (await app.CreateClient().SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }
}

file sealed class HasBody : Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature
{
    public bool CanHaveBody => true;
}

[Collection(SqliteCollection.Name)]
public sealed class IdempotencyOwnershipTestsOnSqlite(SqliteApp app) : IdempotencyOwnershipTests(app);

[Collection(PostgresCollection.Name)]
public sealed class IdempotencyOwnershipTestsOnPostgres(PostgresApp app) : IdempotencyOwnershipTests(app);
