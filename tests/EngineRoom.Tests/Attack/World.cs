using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Customers.ApiKeys;
using EngineRoom.Tests.Infrastructure;

namespace EngineRoom.Tests.Attack;

public enum Caller { Anonymous, CustomerA, CustomerB, Staff, Admin }

/// <summary>A caller with an API key: the scopes it was given, and a client that sends it.</summary>
public sealed record KeyCaller(string Name, IReadOnlyList<string> Scopes, HttpClient Client)
{
    /// <summary>Whether its scopes name the operation: the area's write scope, or for a read the area's read scope.</summary>
    public bool Names(Operation op) =>
        op.KeyArea is { } area && (Scopes.Contains(ApiScopes.Write(area)) || (op.IsRead && Scopes.Contains(ApiScopes.Read(area))));

    public override string ToString() => $"API key [{Name}]";
}

/// <summary>
/// A small shop made through the public API, so every path parameter of every operation has a real value: a product with
/// a variant, stock, a category, a discount, a shipping method, a tax rate, a stock location; customer A with a cart and
/// two orders (one paid, one fulfilled with a return asked), customer B, a staff account and the admin; an API key for
/// every scope alone and one with every read scope.
/// </summary>
public sealed class World
{
    public required string Sku { get; init; }
    public required string Slug { get; init; }
    public required long ProductId { get; init; }
    public required long VariantId { get; init; }
    public required long CategoryId { get; init; }
    public required Guid DiscountId { get; init; }
    public required string DiscountCode { get; init; }
    public required Guid ShippingMethodId { get; init; }
    public required string ShippingCode { get; init; }
    public required string Location { get; init; }
    public required Guid StaffId { get; init; }
    public required string EmailA { get; init; }
    public required string CartA { get; init; }
    public required Guid OrderA { get; init; }
    public required Guid CheckoutA { get; init; }
    public required Guid ReturnedOrderA { get; init; }
    public required Guid ReturnA { get; init; }
    public required Guid WebhookEndpointId { get; init; }
    public required Guid WebhookDeliveryId { get; init; }
    public required IReadOnlyDictionary<Caller, HttpClient> Clients { get; init; }
    public required IReadOnlyList<KeyCaller> Keys { get; init; }
    public required Guid RevocableKeyId { get; init; }

    // Path parameters, by the longest path prefix that names them: a new endpoint whose parameter is not here fails the
    // suite with a message pointing at this table. Owned: the value is one of customer A's resources.
    private IEnumerable<(string Prefix, string Name, string Value, bool Owned)> Mappings() =>
    [
        ("/store/carts/", "cartId", CartA, true),
        ("/store/carts/{cartId}/discount-codes/", "code", DiscountCode, false),
        ("/store/orders/", "id", OrderA.ToString(), true),
        ("/store/checkouts/", "checkoutId", CheckoutA.ToString(), true),
        ("/store/products/", "idOrSlug", Slug, false),
        ("/admin/orders/", "id", OrderA.ToString(), false),
        ("/admin/orders/{id}/returns/", "id", ReturnedOrderA.ToString(), false),
        ("/admin/orders/{id}/returns/", "returnId", ReturnA.ToString(), false),
        ("/admin/ledger/orders/", "id", OrderA.ToString(), false),
        ("/admin/staff/", "id", StaffId.ToString(), false),
        ("/admin/api-keys/", "id", RevocableKeyId.ToString(), false),
        ("/admin/discounts/", "id", DiscountId.ToString(), false),
        ("/admin/shipping-methods/", "id", ShippingMethodId.ToString(), false),
        ("/admin/tax-rates/", "country", "DE", false),
        ("/admin/tax-rates/", "region", "BY", false),
        ("/admin/products/", "id", ProductId.ToString(), false),
        ("/admin/variants/", "id", VariantId.ToString(), false),
        ("/admin/categories/", "id", CategoryId.ToString(), false),
        ("/admin/webhooks/endpoints/", "id", WebhookEndpointId.ToString(), false),
        ("/admin/webhooks/deliveries/", "deliveryId", WebhookDeliveryId.ToString(), false),
        ("/admin/email/templates/", "name", "order-confirmation", false),
        ("/", "sku", Sku, false),
    ];

    /// <summary>The world's value for a path parameter, and whether it is customer A's.</summary>
    public (string Value, bool Owned) PathValue(Operation op, string name)
    {
        var match = Mappings().Where(m => m.Name == name && op.Path.StartsWith(m.Prefix, StringComparison.Ordinal))
            .OrderByDescending(m => m.Prefix.Length).FirstOrDefault();
        Assert.True(match.Value is not null,
            $"{op}: the attack suite has no value for path parameter '{name}'. Add one line to World.Mappings() in " +
            $"tests/EngineRoom.Tests/Attack/World.cs, e.g. (\"{op.Path[..(op.Path.IndexOf('{') is var i and > 0 ? i : op.Path.Length)]}\", \"{name}\", <a real id>, <owned by customer A?>).");
        return (match.Value, match.Owned);
    }

    public string PathFor(Operation op, Func<string, string>? replace = null) =>
        System.Text.RegularExpressions.Regex.Replace(op.Path, "{([^}]+)}", m =>
            Uri.EscapeDataString(replace?.Invoke(m.Groups[1].Value) ?? PathValue(op, m.Groups[1].Value).Value));

    public bool OwnedByA(Operation op) => op.Parameters.Where(p => p.In == "path").Any(p => PathValue(op, p.Name).Owned);

    public static async Task<World> CreateAsync(EngineRoomApp app, Secrets secrets)
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var admin = await SignInAsync(app, secrets, EngineRoomApp.AdminEmail, EngineRoomApp.AdminPassword);
        secrets.Add("admin password", EngineRoomApp.AdminPassword);

        var staffEmail = $"attack-staff-{tag}@example.com";
        var staffPassword = $"staff-secret-{tag}";
        var staffId = (await Created(admin.PostAsJsonAsync("/admin/staff", new { email = staffEmail, name = "Attack Staff", password = staffPassword, role = "staff" })))
            .GetProperty("id").GetGuid();
        var staff = await SignInAsync(app, secrets, staffEmail, staffPassword);
        var keys = new List<KeyCaller>();
        foreach (var (name, scopes) in ApiScopes.All.Select(s => (s, new[] { s }))
                     .Append(("every read scope", ApiScopes.All.Where(s => s.EndsWith(":read", StringComparison.Ordinal)).ToArray())))
            keys.Add(new KeyCaller(name, scopes, app.WithKey(await CreateKeyAsync(admin, secrets, name, scopes))));
        var revocable = (await ApiKeyClients.CreateAsync(admin, ["orders:read"], name: "attack: revocable")).Id;

        var categoryId = (await Created(admin.PostAsJsonAsync("/admin/categories", new { slug = $"attack-cat-{tag}", name = "Attack", parentId = (long?)null, position = 0 })))
            .GetProperty("id").GetInt64();
        var sku = $"ATK-{tag}".ToUpperInvariant();
        var slug = $"attack-{tag}";
        var product = await Created(admin.PostAsJsonAsync("/admin/products", new
        {
            slug, name = $"Attack {tag}", shortDescription = "short", description = "A product under attack", categoryId, published = true, images = Array.Empty<string>(),
            variants = new[] { new { sku, name = "Default", options = new[] { new { name = "size", value = "M" } }, prices = new[] { new { amount = 1000L, currency = "USD" } } } },
        }));
        await Ok(admin.PostAsJsonAsync($"/admin/inventory/{sku}/adjustments", new { delta = 1000, reason = "received", note = "attack stock" }));
        var location = $"atk-{tag}";
        await Created(admin.PostAsJsonAsync("/admin/inventory/locations", new { code = location, name = "Attack warehouse" }));
        var code = $"ATK{tag}".ToUpperInvariant();
        var discountId = (await Created(admin.PostAsJsonAsync("/admin/discounts", new { code, name = "Attack 10%", kind = "percentage", percentBps = 1000 })))
            .GetProperty("id").GetGuid();
        var shippingCode = $"atk-ship-{tag}";
        var shippingId = (await Created(admin.PostAsJsonAsync("/admin/shipping-methods", new { code = shippingCode, name = "Attack post", currency = "USD", amount = 500L })))
            .GetProperty("id").GetGuid();
        var tax = await admin.PutAsJsonAsync("/admin/tax-rates/DE/BY", new { name = "Attack VAT", rateBps = 1900 });
        Assert.True(tax.IsSuccessStatusCode, $"PUT tax rate: {(int)tax.StatusCode} {await tax.Content.ReadAsStringAsync()}");

        var emailA = $"attack-a-{tag}@example.com";
        var a = await RegisterAsync(app, secrets, emailA, $"password-of-a-{tag}");
        var b = await RegisterAsync(app, secrets, $"attack-b-{tag}@example.com", $"password-of-b-{tag}");
        var cart = (await Created(a.PostAsJsonAsync("/store/carts", new { currency = "USD" }))).GetProperty("id").GetString()!;
        await Ok(a.PostAsJsonAsync($"/store/carts/{cart}/items", new { sku, quantity = 1 }));
        var order = await BuyNowAsync(a, sku);
        var returned = await BuyNowAsync(a, sku);
        await Ok(staff.PostAsJsonAsync($"/admin/orders/{returned}/fulfillments", new { }));
        await Ok(staff.PostAsJsonAsync($"/admin/orders/{returned}/ship", new { carrier = "UPS", trackingNumber = "1Z999" }));
        await Ok(staff.PostAsync($"/admin/orders/{returned}/deliver", null));
        var returnId = (await Created(a.PostAsJsonAsync($"/store/orders/{returned}/returns", new { lines = new[] { new { sku, quantity = 1 } }, reason = "attack" })))
            .GetProperty("id").GetGuid();

        // A webhook endpoint on a loopback port where nothing listens (the attack app allows private networks): its test
        // send fails at once, and that failed delivery is the one to replay.
        var hook = await Created(admin.PostAsJsonAsync("/admin/webhooks/endpoints",
            new { url = "https://127.0.0.1:9/attack", description = "attack", eventTypes = new[] { "order.paid" } }));
        secrets.Add("webhook signing secret", hook.GetProperty("secret").GetString());
        var webhookId = hook.GetProperty("endpoint").GetProperty("id").GetGuid();
        var delivery = (await Ok(admin.PostAsync($"/admin/webhooks/endpoints/{webhookId}/test", null))).GetProperty("id").GetGuid();

        return new World
        {
            Sku = sku, Slug = slug, ProductId = product.GetProperty("id").GetInt64(), VariantId = product.GetProperty("variants")[0].GetProperty("id").GetInt64(),
            CategoryId = categoryId, DiscountId = discountId, DiscountCode = code, ShippingMethodId = shippingId, ShippingCode = shippingCode, Location = location,
            StaffId = staffId, EmailA = emailA, CartA = cart, OrderA = order, ReturnedOrderA = returned, ReturnA = returnId,
            CheckoutA = await app.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
                db.CheckoutAttempts.Where(c => c.OrderId == order).Select(c => c.Id), default)),
            WebhookEndpointId = webhookId, WebhookDeliveryId = delivery,
            Clients = new Dictionary<Caller, HttpClient>
            {
                [Caller.Anonymous] = app.CreateClient(), [Caller.CustomerA] = a, [Caller.CustomerB] = b, [Caller.Staff] = staff, [Caller.Admin] = admin,
            },
            Keys = keys, RevocableKeyId = revocable,
        };
    }

    private static async Task<string> CreateKeyAsync(HttpClient admin, Secrets secrets, string name, string[] scopes)
    {
        var key = (await ApiKeyClients.CreateAsync(admin, scopes, name: $"attack: {name}")).Key;
        secrets.Add($"API key [{name}]", key);
        return key;
    }

    private static async Task<Guid> BuyNowAsync(HttpClient customer, string sku)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/store/orders")
        {
            Content = JsonContent.Create(new { lines = new[] { new { sku, quantity = 2 } }, paymentToken = "tok_visa" }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return (await Created(customer.SendAsync(request))).GetProperty("id").GetGuid();
    }

    private static async Task<HttpClient> RegisterAsync(EngineRoomApp app, Secrets secrets, string email, string password)
    {
        await Created(app.CreateClient().PostAsJsonAsync("/auth/register", new { email, password, name = "Attack Customer" }), HttpStatusCode.OK, HttpStatusCode.Created);
        return await SignInAsync(app, secrets, email, password);
    }

    private static async Task<HttpClient> SignInAsync(EngineRoomApp app, Secrets secrets, string email, string password)
    {
        secrets.Add($"password of {email}", password);
        var client = app.CreateClient();
        var token = await Ok(client.PostAsJsonAsync("/auth/token", new { email, password }));
        var access = token.GetProperty("accessToken").GetString()!;
        secrets.Add($"access token of {email}", access);
        secrets.Add($"refresh token of {email}", token.GetProperty("refreshToken").GetString());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", access);
        return client;
    }

    private static Task<JsonElement> Ok(Task<HttpResponseMessage> send) => Created(send, HttpStatusCode.OK);

    private static async Task<JsonElement> Created(Task<HttpResponseMessage> send, params HttpStatusCode[] expected)
    {
        var response = await send;
        var body = await response.Content.ReadAsStringAsync();
        if (expected.Length == 0) expected = [HttpStatusCode.Created];
        Assert.True(expected.Contains(response.StatusCode),
            $"Building the attack world: {response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.PathAndQuery} answered {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }
}
