using System.Net;
using System.Net.Http.Json;
using EngineRoom.Tests.Infrastructure;

namespace EngineRoom.Tests.Customers;

/// <summary>
/// Emails that display like another one (invisible characters, other scripts) are refused wherever an email enters;
/// compatibility forms (full-width letters) are the same email as their plain form.
/// </summary>
public abstract class EmailHygieneTests(EngineRoomApp app)
{
    private const string Password = "correct horse battery";

    public static TheoryData<string, string> LookAlikes => new()
    {
        { "zero-width space", "ad\u200Bmin-{0}@example.com" },
        { "zero-width joiner", "admin-{0}\u200D@example.com" },
        { "right-to-left override", "\u202Eadmin-{0}@example.com" },
        { "soft hyphen", "ad\u00ADmin-{0}@example.com" },
        { "control character", "ad\u0007min-{0}@example.com" },
        { "Cyrillic a", "\u0430dmin-{0}@example.com" },
        { "Greek omicron", "admin-{0}@exampl\u03BF.com" },
    };

    private static string Make(string pattern) => string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, Guid.NewGuid().ToString("N"));

    [Theory, MemberData(nameof(LookAlikes))]
    public async Task Register_refuses_look_alike_emails(string what, string pattern)
    {
        _ = what;
        await app.CreateClient().PostAsJsonAsync("/auth/register", new { email = Make(pattern), password = Password, name = "Eve" })
            .AssertInvalidAsync("email");
    }

    [Theory, MemberData(nameof(LookAlikes))]
    public async Task Sign_in_refuses_look_alike_emails(string what, string pattern)
    {
        _ = what;
        await app.CreateClient().PostAsJsonAsync("/auth/token", new { email = Make(pattern), password = Password })
            .AssertInvalidAsync("email");
    }

    [Theory, MemberData(nameof(LookAlikes))]
    public async Task Staff_creation_refuses_look_alike_emails(string what, string pattern)
    {
        _ = what;
        var admin = await app.AdminClientAsync();
        await admin.PostAsJsonAsync("/admin/staff", new { email = Make(pattern), name = "Eve", password = Password, role = "admin" })
            .AssertInvalidAsync("email");
    }

    [Theory, MemberData(nameof(LookAlikes))]
    public async Task Guest_checkout_and_cart_emails_refuse_look_alikes(string what, string pattern)
    {
        _ = what;
        var client = app.CreateClient();
        var buyNow = new HttpRequestMessage(HttpMethod.Post, "/store/orders")
        {
            Content = JsonContent.Create(new { lines = new[] { new { sku = "ANY-SKU", quantity = 1 } }, email = Make(pattern), paymentToken = "tok_visa" }),
        };
        buyNow.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        await client.SendAsync(buyNow).AssertInvalidAsync("email");

        var cart = await client.PostAsJsonAsync("/store/carts", new { }).JsonAsync(HttpStatusCode.Created);
        await client.PatchAsJsonAsync($"/store/carts/{cart.GetProperty("id").GetString()}", new { email = Make(pattern) }).AssertInvalidAsync("email");
    }

    [Fact]
    public async Task A_full_width_email_is_the_same_account_as_its_plain_form()
    {
        var local = $"fw{Guid.NewGuid():N}"[..12];
        var plain = $"{local}@example.com";
        var fullWidth = string.Concat(plain.Select(c => c is >= '!' and <= '~' ? (char)(c - '!' + '\uFF01') : c)); // ａｂｃ＠ｅｘａｍｐｌｅ．ｃｏｍ
        var client = app.CreateClient();

        var first = await client.PostAsJsonAsync("/auth/register", new { email = plain, password = Password, name = "Ada" }).JsonAsync(HttpStatusCode.Created);
        var again = await client.PostAsJsonAsync("/auth/register", new { email = fullWidth, password = "another password", name = "Eve" }).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(first.GetRawText(), again.GetRawText()); // the same answer as for any taken email

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/auth/token", new { email = fullWidth, password = Password })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/auth/token", new { email = plain, password = Password })).StatusCode);
        await client.PostAsJsonAsync("/auth/token", new { email = fullWidth, password = "another password" })
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");

        var admin = await app.AdminClientAsync();
        await admin.PostAsJsonAsync("/admin/staff", new { email = fullWidth, name = "Eve", password = Password, role = "admin" })
            .AssertProblemAsync(HttpStatusCode.Conflict, "email_taken");
    }

    [Fact]
    public async Task A_full_width_registration_stores_the_plain_form()
    {
        var plain = $"fx{Guid.NewGuid():N}"[..12] + "@example.com";
        var fullWidth = string.Concat(plain.Select(c => c is >= '!' and <= '~' ? (char)(c - '!' + '\uFF01') : c));
        var answer = await app.CreateClient().PostAsJsonAsync("/auth/register", new { email = " " + fullWidth + " ", password = Password, name = "Ada" })
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal(plain, answer.GetProperty("email").GetString());
        var me = await (await app.SignedInClientAsync(plain, Password)).GetAsync("/store/me").JsonAsync();
        Assert.Equal(plain, me.GetProperty("email").GetString());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class EmailHygieneTestsOnSqlite(SqliteApp app) : EmailHygieneTests(app);

[Collection(PostgresCollection.Name)]
public sealed class EmailHygieneTestsOnPostgres(PostgresApp app) : EmailHygieneTests(app);
