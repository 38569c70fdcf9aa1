using EngineRoom.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EngineRoom.Tests.Browser;

/// <summary>The smallest browser test: the API reference renders in Chromium from EngineRoom alone (no CDN).</summary>
public abstract class ApiReferenceInBrowserTests(Uri baseAddress, Infrastructure.Browser browser)
{
    [Fact]
    public Task The_API_reference_renders_without_anything_from_outside() => browser.RunAsync(baseAddress, nameof(The_API_reference_renders_without_anything_from_outside), async page =>
    {
        var outside = new List<string>();
        page.Request += (_, request) => { if (!request.Url.StartsWith(baseAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)) outside.Add(request.Url); };
        // Generous timeouts: Scalar is a 5 MB bundle, and on a loaded 2-core box its first render took 57 s (navigation 30 s).
        var response = await page.GotoAsync("/docs", new() { Timeout = 90_000 });
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.GetByText("EngineRoom").First).ToBeVisibleAsync(new() { Timeout = 90_000 });
        Assert.Empty(outside);
    });
}

[Collection(BrowserSqliteCollection.Name)]
public sealed class ApiReferenceInBrowserTestsOnSqlite(KestrelSqliteApp app, Infrastructure.Browser browser) : ApiReferenceInBrowserTests(app.BaseAddress, browser);

[Collection(BrowserPostgresCollection.Name)]
public sealed class ApiReferenceInBrowserTestsOnPostgres(KestrelPostgresApp app, Infrastructure.Browser browser) : ApiReferenceInBrowserTests(app.BaseAddress, browser);
