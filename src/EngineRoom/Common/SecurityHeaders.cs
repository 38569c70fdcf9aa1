using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EngineRoom.Common;

/// <summary>
/// Headers every answer carries: <c>X-Content-Type-Options: nosniff</c> (a JSON answer is never run as a script), and
/// on HTML pages a Content Security Policy that loads only the server's own files and refuses framing. Every page gets
/// the strict policy (no inline script or style: the console, the storefront) except the API reference at /docs.
/// The Kestrel <c>Server</c> header is off, so no version is announced.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    private const string Common = "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    private const string StrictPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; font-src 'self'; " + Common;

    // The reference page (Scalar) configures itself in an inline script and inline styles; everything it loads comes
    // from this server, so 'self' plus inline is the tightest policy it works under. Only /docs gets it.
    private const string ReferencePolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        + "font-src 'self' data:; " + Common;

    private static readonly PathString ReferencePath = "/docs";

    public Task InvokeAsync(HttpContext http)
    {
        http.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var response = context.Response;
            response.Headers.XContentTypeOptions = "nosniff";
            if (response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                response.Headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(ReferencePath) ? ReferencePolicy : StrictPolicy;
                response.Headers.XFrameOptions = "DENY";
                response.Headers["Referrer-Policy"] = "no-referrer";
            }
            return Task.CompletedTask;
        }, http);
        return next(http);
    }
}

internal static class HttpHardening
{
    /// <summary>Request-line length Kestrel accepts; the app answers longer URLs itself (see <see cref="UrlLength"/>).</summary>
    private const int KestrelRequestLine = 64 * 1024;

    public static IServiceCollection AddHttpHardening(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<KestrelServerOptions>(o =>
        {
            o.AddServerHeader = false;
            o.Limits.MaxRequestLineSize = KestrelRequestLine;
        });
        services.AddCors();
        services.AddSingleton<ICorsPolicyProvider>(new EngineRoomCors(config)); // built now: a bad origin list stops the start
        return services;
    }
}

/// <summary>
/// URLs over <c>Limits:MaxUrlBytes</c> (8 KiB) get a 414 problem. Kestrel itself would answer such a request with an
/// empty 414; it now lets request lines up to 64 KiB through so this can answer with a body. Past that, and for
/// request lines or headers that are not HTTP at all, Kestrel answers before any application code runs.
/// </summary>
internal sealed class UrlLength(RequestDelegate next, IConfiguration config)
{
    private readonly int _max = config.GetValue("Limits:MaxUrlBytes", 8 * 1024);

    public Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        var length = (request.PathBase.Value?.Length ?? 0) + (request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0);
        return length <= _max ? next(http)
            : Problems.Create(StatusCodes.Status414UriTooLong, "uri_too_long", $"The URL is longer than {_max} characters.").ExecuteAsync(http);
    }
}
