using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EngineRoom.Tests.GraphQL;

/// <summary>Limits refused before execution (no SQL sent), the per-client budget, introspection, persisted queries, statement budgets, the SDL.</summary>
public abstract class GraphQLLimitTests(EngineRoomApp app)
{
    private async Task<(JsonElement Answer, int Statements)> CountAsync(HttpClient client, string query, object? variables = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var before = app.Sql.Count;
        var answer = await client.GraphQLAsync(query, variables, expected);
        return (answer, app.Sql.Count - before);
    }

    [Fact]
    public async Task Deep_aliased_costly_and_long_documents_are_refused_before_they_touch_the_database()
    {
        var client = app.CreateClient();
        var deep = "{ products(first: 1) { nodes { category { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } } } } } }";
        var aliases = "{ " + string.Join(" ", Enumerable.Range(0, 31).Select(i => $"a{i}: __typename")) + " }";
        var costly = "{ products(first: 100) { nodes { variants { sku price { amount } } category { name } } } }";
        var huge = "{ " + new string(' ', 20_000) + "__typename }";

        foreach (var (query, code, status) in new[]
                 {
                     (deep, "MAX_DEPTH_EXCEEDED", HttpStatusCode.BadRequest), (aliases, "MAX_ALIASES_EXCEEDED", HttpStatusCode.BadRequest),
                     (costly, "MAX_COST_EXCEEDED", HttpStatusCode.BadRequest), (huge, "PAYLOAD_TOO_LARGE", HttpStatusCode.RequestEntityTooLarge),
                 })
        {
            var (answer, statements) = await CountAsync(client, query, expected: status);
            Assert.Equal(code, answer.ErrorCode());
            Assert.Equal(0, statements);
            Assert.False(answer.TryGetProperty("data", out _));
        }
        var (refused, _) = await CountAsync(client, costly, expected: HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("extensions").GetProperty("cost").GetProperty("requestedQueryCost").GetInt32() > 1000);
        var (fine, _) = await CountAsync(client, "{ products(first: 10) { nodes { slug } } }");
        Assert.Equal(12, fine.GetProperty("extensions").GetProperty("cost").GetProperty("requestedQueryCost").GetInt32());
    }

    [Fact]
    public async Task A_document_validated_before_still_coerces_each_requests_variables()
    {
        var sku = (await TestCatalog.CreateSkuAsync(app, price: 1234)).ToLowerInvariant();
        var client = app.CreateClient();
        var query = $"query($q: String, $n: Int) {{ products(query: $q, first: $n) {{ nodes {{ slug }} }} }} # {Guid.NewGuid()}";
        for (var n = 1; n <= 2; n++) // other variables each time, so the output cache misses; the second run takes the validated document
            Assert.Equal(sku, (await client.GraphQLAsync(query, new { q = sku, n })).Data("products").GetProperty("nodes")[0].GetProperty("slug").GetString());
        var (bad, statements) = await CountAsync(client, query, new { q = sku, n = "many" }, HttpStatusCode.BadRequest);
        Assert.NotNull(bad.ErrorCode());
        Assert.False(bad.TryGetProperty("data", out _));
        Assert.Equal(0, statements);
    }

    [Fact]
    public async Task A_page_costs_the_same_statements_whatever_its_size()
    {
        var skus = new List<string>();
        for (var i = 0; i < 8; i++) skus.Add(await TestCatalog.CreateSkuAsync(app, price: 1000 + i));
        var client = app.CreateClient();
        // A price band no other request asked for: the output cache misses and the SQL runs.
        const string page = "query($n: Int, $max: Long) { products(first: $n, maxPrice: $max) { nodes { slug description priceRange { min { amount } } variants { sku available price { amount } prices { amount } } } } }";
        var (small, two) = await CountAsync(client, page, new { n = 2, max = 900_000_000 + Random.Shared.Next(1_000_000) });
        var (large, eight) = await CountAsync(client, page, new { n = 8, max = 900_000_000 + Random.Shared.Next(1_000_000) });
        Assert.Equal(2, small.Data("products").GetProperty("nodes").GetArrayLength());
        Assert.Equal(8, large.Data("products").GetProperty("nodes").GetArrayLength());
        Assert.Equal(two, eight);
        Assert.InRange(eight, 1, 8);

        var customer = await app.CustomerClientAsync();
        const string orders = "{ myOrders(first: 10) { nodes { id lines { sku product { slug variants { sku } } } } } }";
        await customer.GraphQLAsync("mutation($sku: String!) { buyNow(input: { lines: [{ sku: $sku, quantity: 1 }], paymentToken: \"tok_visa\" }) { order { id } } }", new { sku = skus[0] });
        var (_, one) = await CountAsync(customer, orders);
        foreach (var sku in skus.Skip(1).Take(3))
            await customer.GraphQLAsync("mutation($sku: String!) { buyNow(input: { lines: [{ sku: $sku, quantity: 1 }], paymentToken: \"tok_visa\" }) { order { id } } }", new { sku });
        var (four, many) = await CountAsync(customer, orders);
        Assert.Equal(4, four.Data("myOrders").GetProperty("nodes").GetArrayLength());
        Assert.Equal(one, many);
    }

    [Fact]
    public async Task Persisted_queries_are_found_by_hash_after_one_registration()
    {
        var query = $"{{ products(first: 1, query: \"{Guid.NewGuid():N}\") {{ nodes {{ id }} }} }}";
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(query)));
        var extensions = JsonSerializer.Serialize(new { persistedQuery = new { version = 1, sha256Hash = hash } });
        var client = app.CreateClient();
        var get = $"/graphql?extensions={Uri.EscapeDataString(extensions)}";

        var unknown = JsonDocument.Parse(await client.GetStringAsync(get)).RootElement;
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", unknown.ErrorCode());
        var registered = await client.PostAsJsonAsync("/graphql", new { query, extensions = new { persistedQuery = new { version = 1, sha256Hash = hash } } });
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var known = JsonDocument.Parse(await client.GetStringAsync(get)).RootElement;
        Assert.Equal(0, known.Data("products").GetProperty("nodes").GetArrayLength());

        var wrong = await client.PostAsJsonAsync("/graphql", new { query = "{ __typename }", extensions = new { persistedQuery = new { version = 1, sha256Hash = hash } } });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var mutation = await client.GetAsync($"/graphql?query={Uri.EscapeDataString("mutation { createCart { cart { id } } }")}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, mutation.StatusCode);
    }

    [Fact]
    public async Task The_served_schema_is_the_checked_in_sdl()
    {
        var served = app.Services.GetRequiredService<global::GraphQL.Types.ISchema>();
        var printed = global::GraphQL.SchemaExtensions.Print(served).ReplaceLineEndings("\n").Trim() + "\n";
        var path = Path.Combine(RepoRoot(), "src/EngineRoom/GraphQL/schema.graphql");
        if (Environment.GetEnvironmentVariable("UPDATE_GRAPHQL_SCHEMA") == "1") await File.WriteAllTextAsync(path, printed);
        Assert.True(printed == (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n"),
            "The GraphQL schema changed: review the change, then run the test with UPDATE_GRAPHQL_SCHEMA=1 to write src/EngineRoom/GraphQL/schema.graphql.");
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EngineRoom.slnx"))) dir = dir.Parent;
        return dir!.FullName;
    }
}

/// <summary>An instance as production runs it: introspection and suggestions off by default, a small budget.</summary>
public abstract class GraphQLProductionTests(EngineRoomApp app)
{
    private WebApplicationFactory<Program> Production() => app.WithWebHostBuilder(b => b.UseEnvironment("Production")
        .UseSetting("GraphQL:BudgetMaximum", "100").UseSetting("GraphQL:BudgetRestorePerSecond", "10"));

    [Fact]
    public async Task Introspection_and_suggestions_are_off_and_a_spent_budget_is_throttled_until_it_refills()
    {
        await using var production = Production();
        var client = production.CreateClient();
        var before = app.Sql.Count;
        var introspection = await client.GraphQLAsync("{ __schema { types { name } } }", expected: HttpStatusCode.BadRequest);
        Assert.Equal("INTROSPECTION_DISABLED", introspection.ErrorCode());
        Assert.Equal(0, app.Sql.Count - before);
        var typo = await client.GraphQLAsync("{ prodcts(first: 1) { nodes { id } } }", expected: HttpStatusCode.BadRequest);
        Assert.DoesNotContain("Did you mean", typo.GetProperty("errors")[0].GetProperty("message").GetString());

        const string page = "{ products(first: 40) { nodes { slug } } }"; // 42 points of 100
        await client.GraphQLAsync(page);
        await client.GraphQLAsync(page);
        before = app.Sql.Count;
        var throttled = await client.GraphQLAsync(page, expected: HttpStatusCode.TooManyRequests);
        Assert.Equal("THROTTLED", throttled.ErrorCode());
        Assert.Equal(0, app.Sql.Count - before);
        var status = throttled.GetProperty("extensions").GetProperty("cost").GetProperty("throttleStatus");
        Assert.Equal(100 - 2 - 42 - 42, status.GetProperty("currentlyAvailable").GetDouble()); // the typo cost 2: it ran (and failed validation)
        app.Clock.Advance(TimeSpan.FromSeconds(3)); // 30 points back
        await client.GraphQLAsync(page);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class GraphQLLimitTestsOnSqlite(SqliteApp app) : GraphQLLimitTests(app);

[Collection(PostgresCollection.Name)]
public sealed class GraphQLLimitTestsOnPostgres(PostgresApp app) : GraphQLLimitTests(app);

[Collection(SqliteCollection.Name)]
public sealed class GraphQLProductionTestsOnSqlite(SqliteApp app) : GraphQLProductionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class GraphQLProductionTestsOnPostgres(PostgresApp app) : GraphQLProductionTests(app);
