using System.Net;
using System.Text.RegularExpressions;
using EngineRoom.Tests.Infrastructure;

namespace EngineRoom.Tests.Console;

/// <summary>The console's files: served at /console under the strict CSP, all from this server, and never writing markup from data.</summary>
public abstract partial class ConsoleFilesTests(EngineRoomApp app)
{
    private static readonly string Folder = Path.Combine(RepositoryRoot(), "src", "EngineRoom", "wwwroot", "console");

    [Fact]
    public async Task The_console_is_served_at_its_path_under_a_csp_without_inline_script_or_style()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var redirect = await client.GetAsync("/console");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.EndsWith("/console/", redirect.Headers.Location?.OriginalString);

        var page = await client.GetAsync("/console/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("style-src 'self';", csp);
        Assert.Contains("connect-src 'self'", csp);
        Assert.DoesNotContain("unsafe", csp);
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        // Only the API reference, which needs them, keeps inline script and style.
        Assert.Contains("'unsafe-inline'", (await app.CreateClient().GetAsync("/docs")).Headers.GetValues("Content-Security-Policy").Single());

        foreach (var file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories))
        {
            var path = "/console/" + Path.GetRelativePath(Folder, file).Replace('\\', '/');
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            if (path.EndsWith(".js")) Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/console/appsettings.json")).StatusCode);
    }

    [Fact]
    public void Every_file_loads_from_this_server_and_builds_the_page_without_markup_from_strings()
    {
        var files = Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith("index.html"));
        foreach (var file in files)
        {
            var text = File.ReadAllText(file).Replace("http://www.w3.org/2000/svg", ""); // the SVG namespace is a name, not a download
            Assert.False(Regex.IsMatch(text, @"https?://|//cdn|@import"), $"{file} names another origin");
            if (file.EndsWith(".js"))
            {
                Assert.False(Unsafe().IsMatch(text), $"{file} writes markup or code from a string: {Unsafe().Match(text).Value}");
                foreach (Match import in Imports().Matches(text)) // every module it imports is in the folder
                    Assert.True(File.Exists(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, import.Groups[1].Value))), $"{file} imports {import.Groups[1].Value}");
            }
            if (file.EndsWith(".html"))
                Assert.False(Regex.IsMatch(text, @"<script(?![^>]*\bsrc=)|\sstyle=|\son[a-z]+="), $"{file} has inline script, style or handlers");
        }
    }

    [GeneratedRegex(@"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(|setAttribute\(\s*'style'")]
    private static partial Regex Unsafe();

    [GeneratedRegex(@"from '(\.{1,2}/[^']+)'")]
    private static partial Regex Imports();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EngineRoom.slnx"))) return dir.FullName;
        throw new InvalidOperationException("EngineRoom.slnx not found above " + AppContext.BaseDirectory);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ConsoleFilesTestsOnSqlite(SqliteApp app) : ConsoleFilesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ConsoleFilesTestsOnPostgres(PostgresApp app) : ConsoleFilesTests(app);
