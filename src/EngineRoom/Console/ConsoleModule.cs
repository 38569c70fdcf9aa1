using Microsoft.Extensions.FileProviders;

// The namespace is not EngineRoom.Console: that would hide System.Console from every EngineRoom.* namespace.
namespace EngineRoom.StaffConsole;

/// <summary>
/// The staff console (docs/console.md, docs/decisions/0018): static files from <c>wwwroot/console</c> at
/// <c>/console</c>. No server state and no private endpoint: the page signs in at <c>/auth/token</c> and calls the
/// same <c>/admin</c> API as any other client, with a bearer token, so any instance can serve any request.
/// </summary>
public static class ConsoleModule
{
    public const string Path = "/console";

    /// <summary>Before authentication: the files are public (the fallback policy would refuse them); the data is not.</summary>
    public static WebApplication UseStaffConsole(this WebApplication app)
    {
        var folder = System.IO.Path.Combine(app.Environment.WebRootPath ?? System.IO.Path.Combine(app.Environment.ContentRootPath, "wwwroot"), "console");
        if (!Directory.Exists(folder)) return app; // a build without the console's files serves the API alone
        var files = new PhysicalFileProvider(folder);
        app.UseDefaultFiles(new DefaultFilesOptions { RequestPath = Path, FileProvider = files }); // /console redirects to /console/
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = Path,
            FileProvider = files,
            // Revalidated on every load (ETag), so a new release is picked up at once by every browser.
            OnPrepareResponse = f => f.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }
}
