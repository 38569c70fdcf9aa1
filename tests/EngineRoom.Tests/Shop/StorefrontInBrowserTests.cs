using System.Net;
using System.Net.Http.Json;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace EngineRoom.Tests.Shop;

/// <summary>
/// The demo storefront at /shop in Chromium, as a guest: search, product page, Buy Now or cart, confirmation, the order
/// looked up again; a declined card leaves no order. Each page runs under a strict Content-Security-Policy (no
/// 'unsafe-inline'), so an inline script or style would show up here as a violation.
/// </summary>
public abstract class StorefrontInBrowserTests(EngineRoomApp app, Uri baseAddress, Infrastructure.Browser browser)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Shown = new() { Timeout = 15_000 };

    [Fact]
    public Task A_guest_searches_chooses_a_variant_buys_it_now_and_looks_the_order_up_again() => RunAsync(nameof(A_guest_searches_chooses_a_variant_buys_it_now_and_looks_the_order_up_again), async page =>
    {
        var product = await CreateProductAsync();
        var email = $"guest-{Guid.NewGuid():N}@example.com";

        await page.GotoAsync("/shop/");
        await page.GetByRole(AriaRole.Searchbox).FillAsync(product.Word);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = product.Name }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = product.Name })).ToBeVisibleAsync(Shown);
        await page.GetByLabel("Large").CheckAsync();
        await Assertions.Expect(page.Locator("#price")).ToHaveTextAsync("$25.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Buy now" }).ClickAsync();

        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Thank you: your order is placed")).ToBeVisibleAsync(Shown);
        var orderId = await page.Locator("#placed-id").TextContentAsync();
        var token = await page.Locator("#placed-token").TextContentAsync();

        var order = await app.QueryAsync(db => db.Orders.Include(o => o.Lines).SingleAsync(o => o.Email == email));
        Assert.Equal(Guid.Parse(orderId!), order.Id);
        Assert.Equal([product.LargeSku], order.Lines.Select(l => l.Sku));

        // Later, on a browser that remembers nothing: the id and the token find the order.
        await page.EvaluateAsync("localStorage.clear()");
        await page.GotoAsync("/shop/order.html");
        await page.GetByLabel("Order id").FillAsync(orderId!);
        await page.GetByLabel("Order token").FillAsync(token!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Look it up" }).ClickAsync();
        await Assertions.Expect(page.Locator("#order-id")).ToHaveTextAsync(orderId!, new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#order-status")).ToHaveTextAsync("paid");
        await Assertions.Expect(page.Locator("#order-lines")).ToContainTextAsync("$25.00");
    });

    [Fact]
    public Task A_declined_card_leaves_no_order_and_says_why_then_the_cart_checks_out_with_another_card() => RunAsync(nameof(A_declined_card_leaves_no_order_and_says_why_then_the_cart_checks_out_with_another_card), async page =>
    {
        var product = await CreateProductAsync();
        var email = $"guest-{Guid.NewGuid():N}@example.com";

        await page.GotoAsync($"/shop/product.html?slug={product.Slug}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "View cart" }).ClickAsync();
        await Assertions.Expect(page.Locator("#lines")).ToContainTextAsync(product.Name, new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#totals")).ToContainTextAsync("$15.00");
        await page.GetByRole(AriaRole.Link, new() { Name = "Check out" }).ClickAsync();

        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByRole(AriaRole.Radio, new() { Name = "tok_declined is declined" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Payment declined: The card was declined.", new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("payment_declined");
        Assert.Equal(0, await app.QueryAsync(db => db.Orders.CountAsync(o => o.Email == email)));
        var stock = await app.QueryAsync(db => db.StockLevels.SingleAsync(l => l.Sku == product.SmallSku));
        Assert.Equal((5, 0), (stock.OnHand, stock.Reserved)); // nothing held, nothing sold

        // Another card is another attempt (a new Idempotency-Key): it goes through.
        await page.GetByRole(AriaRole.Radio, new() { Name = "tok_visa pays" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Thank you: your order is placed")).ToBeVisibleAsync(Shown);
        await Assertions.Expect(page.Locator("#order-status")).ToHaveTextAsync("paid");
        Assert.Equal(1, await app.QueryAsync(db => db.Orders.CountAsync(o => o.Email == email)));
        await Assertions.Expect(page.Locator("#cart-link")).ToHaveTextAsync("Cart (0)");
    });

    private sealed record TestProduct(string Word, string Slug, string Name, string SmallSku, string LargeSku);

    /// <summary>A product of two variants (Small $15.00, Large $25.00), named with a word no other product has, so a search finds it alone.</summary>
    private async Task<TestProduct> CreateProductAsync()
    {
        var word = "lamp" + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(8).Select(c => (char)('a' + (c - 'a' + 10) % 26)));
        var (slug, name) = ($"storefront-{word}", $"Storefront {word}");
        var (small, large) = (TestCatalog.NewSku(), TestCatalog.NewSku());
        object Variant(string sku, string label, long price) => new
        {
            sku, name = label, options = new[] { new { name = "size", value = label[..1] } }, prices = new[] { new { amount = price, currency = "USD" } },
        };
        var admin = await app.AdminClientAsync();
        await (await admin.PostAsJsonAsync("/admin/products", new
        {
            slug, name, description = "A lamp for the storefront tests.", published = true, images = Array.Empty<string>(),
            variants = new[] { Variant(small, "Small", 1500), Variant(large, "Large", 2500) },
        })).JsonAsync(HttpStatusCode.Created);
        foreach (var sku in new[] { small, large })
            await (await admin.PostAsJsonAsync($"/admin/inventory/{sku}/adjustments", new { delta = 5, reason = "received" })).JsonAsync(HttpStatusCode.OK);
        return new TestProduct(word, slug, name, small, large);
    }

    // Every page of /shop is served here under the strict policy the staff console's pages get: scripts and styles
    // from files only. A violation, or any uncaught script error, fails the test.
    private const string StrictPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    private Task RunAsync(string name, Func<IPage, Task> test) => browser.RunAsync(baseAddress, name, async page =>
    {
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) problems.Add(message.Text); };
        page.PageError += (_, error) => problems.Add(error);
        await page.RouteAsync("**/shop/**", async route =>
        {
            if (route.Request.ResourceType != "document") { await route.ContinueAsync(); return; }
            var response = await route.FetchAsync();
            var headers = new Dictionary<string, string>(response.Headers) { ["content-security-policy"] = StrictPolicy };
            await route.FulfillAsync(new() { Response = response, Headers = headers });
        });
        await test(page);
        Assert.Empty(problems);
    });
}

[Collection(BrowserSqliteCollection.Name)]
public sealed class StorefrontInBrowserTestsOnSqlite(KestrelSqliteApp app, Infrastructure.Browser browser) : StorefrontInBrowserTests(app, app.BaseAddress, browser);

[Collection(BrowserPostgresCollection.Name)]
public sealed class StorefrontInBrowserTestsOnPostgres(KestrelPostgresApp app, Infrastructure.Browser browser) : StorefrontInBrowserTests(app, app.BaseAddress, browser);
