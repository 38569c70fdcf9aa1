using System.Net;
using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EngineRoom.Tests.Security;

/// <summary>Response headers, long URLs, the SQLite file's mode and CORS.</summary>
public abstract class HttpHardeningTests(EngineRoomApp app)
{
    [Fact]
    public async Task Every_answer_says_nosniff_and_html_pages_carry_a_csp_that_refuses_framing()
    {
        var client = app.CreateClient();
        foreach (var path in new[] { "/store/products", "/store/carts/nope", "/openapi/v1.json", "/docs" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.False(response.Headers.Contains("Server"));
        }
        var docs = await client.GetAsync("/docs");
        Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);
        var csp = docs.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("default-src 'self'", csp);
        Assert.DoesNotContain("http", csp); // nothing from another origin: the page works offline
        Assert.False(app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader);
    }

    [Fact]
    public async Task A_url_too_long_gets_a_414_problem()
    {
        var response = await app.CreateClient().GetAsync("/store/products?q=" + new string('a', 9000));
        await response.AssertProblemAsync(HttpStatusCode.RequestUriTooLong, "uri_too_long");
    }

    [Fact]
    public async Task The_sqlite_database_and_its_wal_are_readable_by_the_owner_only()
    {
        if (app.Provider != EngineRoom.Data.DatabaseProvider.Sqlite || OperatingSystem.IsWindows()) return;
        await app.CreateClient().GetAsync("/store/products"); // the WAL exists once something ran
        var folder = app.Services.GetRequiredService<IConfiguration>()["DataDirectory"]!;
        var files = Directory.GetFiles(folder, "engineroom.db*");
        Assert.Contains(files, f => f.EndsWith("-wal"));
        foreach (var file in files)
            Assert.True((File.GetUnixFileMode(file) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0,
                $"{file} is {File.GetUnixFileMode(file)}");
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(folder) & (UnixFileMode.OtherRead | UnixFileMode.OtherExecute | UnixFileMode.GroupRead));
    }

    private WebApplicationFactory<Program> WithCors(string store, string admin) =>
        app.WithWebHostBuilder(b => b.UseSetting("Cors:StoreOrigins", store).UseSetting("Cors:AdminOrigins", admin));

    private static HttpRequestMessage Preflight(string path, string origin, string method = "POST")
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,idempotency-key");
        return request;
    }

    [Fact]
    public async Task Cors_opens_the_store_to_its_origins_and_admin_to_its_own_only()
    {
        await using var cors = WithCors("https://shop.example.com", "https://backoffice.example.com");
        var client = cors.CreateClient();

        var preflight = await client.SendAsync(Preflight("/store/orders", "https://shop.example.com"));
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal("https://shop.example.com", preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("idempotency-key", preflight.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Credentials"));

        var list = new HttpRequestMessage(HttpMethod.Get, "/store/products");
        list.Headers.Add("Origin", "https://shop.example.com");
        Assert.Equal("https://shop.example.com", (await client.SendAsync(list)).Headers.GetValues("Access-Control-Allow-Origin").Single());

        Assert.False((await client.SendAsync(Preflight("/store/orders", "https://evil.example.net"))).Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False((await client.SendAsync(Preflight("/admin/orders", "https://shop.example.com", "GET"))).Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("https://backoffice.example.com",
            (await client.SendAsync(Preflight("/admin/orders", "https://backoffice.example.com", "GET"))).Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public void A_wildcard_origin_for_admin_refuses_to_start()
    {
        using var cors = WithCors("*", "*");
        var error = Assert.ThrowsAny<Exception>(() => cors.CreateClient());
        Assert.Contains("Cors:AdminOrigins", error.ToString());
    }

    [Fact]
    public async Task Without_configured_origins_no_cross_origin_call_is_allowed()
    {
        var response = await app.CreateClient().SendAsync(Preflight("/store/orders", "https://shop.example.com"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class HttpHardeningTestsOnSqlite(SqliteApp app) : HttpHardeningTests(app);

[Collection(PostgresCollection.Name)]
public sealed class HttpHardeningTestsOnPostgres(PostgresApp app) : HttpHardeningTests(app);
