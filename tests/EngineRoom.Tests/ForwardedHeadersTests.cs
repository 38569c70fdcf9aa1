using System.Net;
using EngineRoom.Tests.Infrastructure;

namespace EngineRoom.Tests;

[Collection(SqliteCollection.Name)]
public sealed class ForwardedHeadersTests(SqliteApp app)
{
    private async Task<string> OpenApiFromAsync(IPAddress? proxy)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/openapi/v1.json";
            c.Connection.RemoteIpAddress = proxy;
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Request.Headers["X-Forwarded-Host"] = "shop.example.com";
            c.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
        });
        using var reader = new StreamReader(context.Response.Body);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task Forwarded_headers_from_a_loopback_proxy_are_honoured_and_others_ignored()
    {
        Assert.Contains("https://shop.example.com", await OpenApiFromAsync(IPAddress.Loopback));
        Assert.DoesNotContain("shop.example.com", await OpenApiFromAsync(IPAddress.Parse("198.51.100.9")));
    }
}
