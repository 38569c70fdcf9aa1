using System.Net;
using EngineRoom.Tests.Infrastructure;

namespace EngineRoom.Tests.Analytics;

/// <summary>Staff only (and analytics-scoped API keys); bad ranges, intervals and currencies are 400s naming the field.</summary>
public abstract class AnalyticsAccessTests(EngineRoomApp app)
{
    private static readonly string[] Reads =
        ["/admin/analytics/summary", "/admin/analytics/top-products", "/admin/analytics/funnel", "/admin/analytics/low-stock"];

    [Fact]
    public async Task Staff_and_analytics_keys_read_while_customers_anonymous_callers_and_other_keys_are_refused()
    {
        var staff = await app.StaffClientAsync();
        var customer = await app.CustomerClientAsync();
        var admin = await app.AdminClientAsync();
        var analyticsKey = app.WithKey((await ApiKeyClients.CreateAsync(admin, ["analytics:read"])).Key);
        var ordersKey = app.WithKey((await ApiKeyClients.CreateAsync(admin, ["orders:write"])).Key);
        foreach (var path in Reads)
        {
            Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await analyticsKey.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await ordersKey.GetAsync(path)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/admin/analytics/live")).StatusCode);
        await (await staff.GetAsync("/admin/analytics/live")).AssertProblemAsync(HttpStatusCode.NotAcceptable, "not_acceptable"); // a plain GET gets no endless stream
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsync("/admin/analytics/rebuild", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyticsKey.PostAsync("/admin/analytics/rebuild", null)).StatusCode);
    }

    [Theory]
    [InlineData("/admin/analytics/summary?interval=week", "interval")]
    [InlineData("/admin/analytics/summary?from=yesterday", "from")]
    [InlineData("/admin/analytics/summary?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to")]
    [InlineData("/admin/analytics/summary?currency=XXX", "currency")]
    [InlineData("/admin/analytics/top-products?by=price", "by")]
    [InlineData("/admin/analytics/top-products?limit=0", "limit")]
    [InlineData("/admin/analytics/funnel?to=soon", "to")]
    [InlineData("/admin/analytics/summary?to=0001-01-01", "to")]
    [InlineData("/admin/analytics/top-products?to=9999-12-31T23%3A59%3A59Z", "to")]
    [InlineData("/admin/analytics/live?currency=12", "currency")]
    public async Task Bad_parameters_are_400_naming_the_field(string path, string field)
    {
        var problem = await (await (await app.StaffClientAsync()).GetAsync(path)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_year_by_minute_is_too_many_points()
    {
        var staff = await app.StaffClientAsync();
        await (await staff.GetAsync("/admin/analytics/summary?interval=minute&from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "range_too_large");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AnalyticsAccessTestsOnSqlite(SqliteApp app) : AnalyticsAccessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AnalyticsAccessTestsOnPostgres(PostgresApp app) : AnalyticsAccessTests(app);
