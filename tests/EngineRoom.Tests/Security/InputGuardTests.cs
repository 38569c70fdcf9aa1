using System.Net;
using System.Net.Http.Json;
using System.Text;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Security;

/// <summary>Card data, foreign charsets, control characters and duplicate keys are refused on every endpoint, before anything is stored.</summary>
public abstract class InputGuardTests(EngineRoomApp app)
{
    private static object Address(string line1, string name = "Ada Lovelace") =>
        new { name, line1, city = "London", postalCode = "N1 9GU", country = "GB" };

    private async Task<(HttpClient Client, string CartId)> GuestCartAsync()
    {
        var client = app.CreateClient();
        var cart = await (await client.PostAsJsonAsync("/store/carts", new { currency = "USD" })).JsonAsync(HttpStatusCode.Created);
        return (client, cart.GetProperty("id").GetString()!);
    }

    private Task<string?> StoredAddressAsync(string cartId) =>
        app.QueryAsync(db => db.Carts.Where(c => c.Id == cartId).Select(c => c.ShippingAddress == null ? null : c.ShippingAddress.Line1).SingleAsync());

    [Theory]
    [InlineData("4242424242424242")]
    [InlineData("4242 4242 4242 4242")]
    [InlineData("4242-4242-4242-4242")]
    [InlineData("4242.4242.4242.4242")]
    [InlineData("4242\u00a04242\u20094242\u200b4242")]          // no-break space, thin space, zero-width space
    [InlineData("\uff14\uff12\uff14\uff12\uff14\uff12\uff14\uff12\uff14\uff12\uff14\uff12\uff14\uff12\uff14\uff12")] // full-width digits
    [InlineData("\u0664\u0662\u0664\u0662 \u0664\u0662\u0664\u0662 \u0664\u0662\u0664\u0662 \u0664\u0662\u0664\u0662")] // Arabic-Indic digits
    [InlineData("card 378282246310005 exp 12/30")]                 // 15-digit Amex inside other text
    public async Task A_card_number_in_any_field_of_any_body_is_refused_and_not_stored(string card)
    {
        var (client, cartId) = await GuestCartAsync();
        // The cart's details PATCH had no guard; an address line later copied into the order.
        var problem = await (await client.PatchAsJsonAsync($"/store/carts/{cartId}", new { shippingAddress = Address(card) }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "card_data_refused");
        Assert.Equal("shippingAddress.line1", problem.GetProperty("field").GetString());
        Assert.Null(await StoredAddressAsync(cartId));

        var admin = await app.AdminClientAsync();
        await (await admin.PostAsJsonAsync("/admin/categories", new { slug = $"c-{Guid.NewGuid():N}", name = card }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "card_data_refused");
    }

    [Theory]
    [InlineData("1234 5678 9012 3456")]    // fails Luhn
    [InlineData("Flat 4242, 42 Long Road")] // short digit runs
    [InlineData("+44 20 7946 0958")]       // a phone number
    [InlineData("2026-11-30 12:00:00")]
    [InlineData("ref-a4242424242424242b")] // digits glued to letters: an id, not a card
    public async Task Text_that_only_looks_numeric_is_accepted(string line1)
    {
        var (client, cartId) = await GuestCartAsync();
        await (await client.PatchAsJsonAsync($"/store/carts/{cartId}", new { shippingAddress = Address(line1) })).JsonAsync();
        Assert.Equal(line1, await StoredAddressAsync(cartId));
    }

    [Theory]
    [InlineData("utf-16", "unicode")]
    [InlineData("utf-32", "utf-32")]
    [InlineData("iso-8859-1", "latin1")]
    public async Task A_json_body_in_another_charset_is_refused_with_415(string charset, string encodingName)
    {
        var (client, cartId) = await GuestCartAsync();
        var json = """{"shippingAddress":{"name":"Ada","line1":"4242 4242 4242 4242","city":"London","postalCode":"N1","country":"GB"}}""";
        var content = new ByteArrayContent(Encoding.GetEncoding(encodingName).GetBytes(json));
        content.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={charset}");
        await (await client.PatchAsync($"/store/carts/{cartId}", content)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_charset");
        Assert.Null(await StoredAddressAsync(cartId));
    }

    [Theory]
    [InlineData("Ada\u0000Lovelace")]
    [InlineData("Ada\u0007")]
    [InlineData("Ada\u009b")]
    [InlineData("Ada\u001b[31m")]
    public async Task Control_characters_in_text_are_refused(string name)
    {
        var (client, cartId) = await GuestCartAsync();
        var problem = await (await client.PatchAsJsonAsync($"/store/carts/{cartId}", new { shippingAddress = Address("1 Main St", name) }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("shippingAddress.name", out _), problem.ToString());
        Assert.Null(await StoredAddressAsync(cartId));
    }

    [Fact]
    public async Task An_unpaired_surrogate_is_refused()
    {
        var (client, cartId) = await GuestCartAsync();
        var json = """{"shippingAddress":{"name":"Ada \ud800","line1":"1 Main St","city":"London","postalCode":"N1","country":"GB"}}""";
        await (await client.PatchAsync($"/store/carts/{cartId}", new StringContent(json, Encoding.UTF8, "application/json")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Duplicate_keys_are_refused_naming_the_field()
    {
        var (client, cartId) = await GuestCartAsync();
        var json = """{"email":"a@example.com","email":"b@example.com"}""";
        var problem = await (await client.PatchAsync($"/store/carts/{cartId}", new StringContent(json, Encoding.UTF8, "application/json")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "duplicate_property");
        Assert.Equal("email", problem.GetProperty("field").GetString());
        Assert.Null(await app.QueryAsync(db => db.Carts.Where(c => c.Id == cartId).Select(c => c.Email).SingleAsync()));
    }

    [Theory]
    [InlineData("/store/products?category=%00", "category")]
    [InlineData("/store/products?q=shirt%0d%0aX-Injected:1", "q")]
    [InlineData("/store/products?limit=5&%00=1", "\u0000")]
    public async Task Control_characters_in_the_query_are_refused_naming_the_parameter(string url, string parameter)
    {
        var problem = await (await app.CreateClient().GetAsync(url)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
    }

    [Fact]
    public async Task Tabs_and_newlines_stay_allowed()
    {
        var admin = await app.AdminClientAsync();
        var name = $"Line one\tand\r\nline two {Guid.NewGuid():N}";
        await (await admin.PostAsJsonAsync("/admin/categories", new { slug = $"c-{Guid.NewGuid():N}", name })).JsonAsync(HttpStatusCode.Created);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InputGuardTestsOnSqlite(SqliteApp app) : InputGuardTests(app);

[Collection(PostgresCollection.Name)]
public sealed class InputGuardTestsOnPostgres(PostgresApp app) : InputGuardTests(app);
