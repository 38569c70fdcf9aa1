using Microsoft.Playwright;

namespace EngineRoom.Tests.Infrastructure;

/// <summary>
/// The real server on a real loopback port (Kestrel, not the in-memory test server), so a real browser can reach it.
/// Everything else is <see cref="EngineRoomApp"/>: same settings, same fake clock, same database per provider.
/// </summary>
public sealed class KestrelSqliteApp : SqliteApp
{
    public KestrelSqliteApp() => UseKestrel(0);
    public Uri BaseAddress => ListeningAddress(this);
}

public sealed class KestrelPostgresApp : PostgresApp
{
    public KestrelPostgresApp() => UseKestrel(0);
    public Uri BaseAddress => ListeningAddress(this);
}

/// <summary>
/// One headless Chromium per test run, Debian's own (<c>apt-get install chromium</c>): Playwright's browser download
/// does not work on these machines, so it is given the executable's path (<c>ENGINEROOM_CHROMIUM</c>, else
/// <c>chromium</c> on the PATH). Each test opens its own context (own cookies and storage) through
/// <see cref="RunAsync"/>, which saves a screenshot under <c>TestResults/screenshots</c> when the test fails.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"], // CI runs as root, in a container without a large /dev/shm
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>Runs <paramref name="test"/> on a fresh page at <paramref name="baseAddress"/>; on failure saves a screenshot named after the test.</summary>
    public async Task RunAsync(Uri baseAddress, string testName, Func<IPage, Task> test)
    {
        await using var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, // a laptop screen
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        try
        {
            await test(page);
        }
        catch (Exception failure)
        {
            Directory.CreateDirectory(ScreenshotFolder);
            var file = Path.Combine(ScreenshotFolder, $"{string.Join("_", testName.Split(Path.GetInvalidFileNameChars()))}.png");
            try { await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true }); } catch (PlaywrightException) { }
            throw new Exception($"Browser test failed; screenshot: {file}; page errors: [{string.Join(" | ", errors)}]", failure);
        }
    }

    private static string ChromiumPath()
    {
        var configured = Environment.GetEnvironmentVariable("ENGINEROOM_CHROMIUM");
        if (!string.IsNullOrEmpty(configured)) return configured;
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            foreach (var name in new[] { "chromium", "chromium-browser" })
                if (File.Exists(Path.Combine(folder, name))) return Path.Combine(folder, name);
        throw new InvalidOperationException("Chromium was not found: install Debian's (apt-get install -y chromium) or set ENGINEROOM_CHROMIUM to its path.");
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserSqliteCollection : ICollectionFixture<KestrelSqliteApp>, ICollectionFixture<Browser> { public const string Name = "browser-sqlite"; }

[CollectionDefinition(Name)]
public sealed class BrowserPostgresCollection : ICollectionFixture<KestrelPostgresApp>, ICollectionFixture<Browser> { public const string Name = "browser-postgres"; }
