using System.Net;
using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EngineRoom.Tests;

[Collection(SqliteCollection.Name)]
public sealed class AuthorizationCoverageTests(SqliteApp app)
{
    [Fact]
    public void Every_route_declares_its_authorization()
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(routes);
        var undeclared = routes
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null && e.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0)
            .Select(e => e.RoutePattern.RawText).ToList();
        Assert.True(undeclared.Count == 0, "Routes without explicit authorization: " + string.Join(", ", undeclared));
    }

    [Fact]
    public async Task Unknown_paths_and_methods_get_honest_problem_details()
    {
        var client = app.CreateClient();
        await (await client.GetAsync("/no/such/path")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.DeleteAsync("/auth/token")).AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task Health_openapi_and_docs_are_served()
    {
        var client = app.CreateClient();
        Assert.Equal("Healthy", await client.GetStringAsync("/health/live"));
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));
        var openapi = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/auth/token", openapi);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/docs")).StatusCode);
    }
}
