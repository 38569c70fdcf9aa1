using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EngineRoom.Common;
using EngineRoom.Tests.Infrastructure;

namespace EngineRoom.Tests;

[Collection(SqliteCollection.Name)]
public sealed class OpenApiTests(SqliteApp app)
{
    [Fact]
    public async Task Each_action_s_nested_request_has_its_own_schema()
    {
        var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        string SchemaOf(string path, string method) => document.GetProperty("paths").GetProperty(path).GetProperty(method)
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;

        Assert.Equal("#/components/schemas/CreateDiscountRequest", SchemaOf("/admin/discounts", "post"));
        Assert.Equal("#/components/schemas/AdjustStockRequest", SchemaOf("/admin/inventory/{sku}/adjustments", "post"));
        Assert.Equal("#/components/schemas/RegisterRequest", SchemaOf("/auth/register", "post"));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("CreateDiscountRequest").GetProperty("properties").TryGetProperty("kind", out _));
        Assert.True(schemas.TryGetProperty("PageOfListInventoryItem", out _));
        Assert.True(schemas.TryGetProperty("PageOfStaffDto", out _));
    }

    [Fact]
    public async Task Operations_that_need_a_token_declare_the_bearer_scheme_and_open_ones_do_not()
    {
        var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        bool Secured(string path, string method) => document.GetProperty("paths").GetProperty(path).GetProperty(method).TryGetProperty("security", out _);
        Assert.True(Secured("/store/me", "get"));
        Assert.True(Secured("/admin/discounts", "post"));
        Assert.False(Secured("/store/products", "get"));
        Assert.False(Secured("/auth/token", "post"));
    }

    [Fact]
    public async Task Every_operation_has_a_summary()
    {
        var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var missing = (from path in document.GetProperty("paths").EnumerateObject()
                       from operation in path.Value.EnumerateObject()
                       where !operation.Value.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString())
                       select $"{operation.Name.ToUpperInvariant()} {path.Name}").ToList();
        Assert.True(missing.Count == 0, "Operations without a summary (add .WithSummary(...) where the endpoint is mapped):\n" + string.Join("\n", missing));
    }

    [Fact]
    public async Task The_introduction_covers_sign_in_errors_money_paging_idempotency_and_the_test_tokens_and_links_GraphQL()
    {
        var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var introduction = document.GetProperty("info").GetProperty("description").GetString()!;
        foreach (var heading in new[] { "## Sign-in", "## Errors", "## Money", "## Paging", "## Idempotency", "## Sandbox test tokens" })
            Assert.Contains(heading, introduction);
        foreach (var token in new[] { "tok_visa", "tok_declined", "tok_insufficient_funds", "tok_error", "tok_timeout", "tok_refund_fails_once" })
            Assert.Contains($"`{token}`", introduction);
        Assert.Contains("(/graphql)", introduction);
        Assert.Contains("docs/graphql.md", introduction);
        Assert.Contains(document.GetProperty("tags").EnumerateArray(), t => t.GetProperty("name").GetString() == "Checkout" && t.TryGetProperty("description", out _));
    }

    [Fact]
    public async Task The_reference_page_is_configured_to_load_and_send_nothing_outside_this_server()
    {
        var html = await app.CreateClient().GetStringAsync("/docs/");
        var configuration = JsonNode.Parse(Regex.Match(html, @"initialize\(\s*'[^']*',\s*\w+,\s*(\{.*\}),\s*'", RegexOptions.Singleline).Groups[1].Value)!;
        Assert.False(configuration["withDefaultFonts"]!.GetValue<bool>());   // fonts from fonts.scalar.com
        Assert.True(configuration["hideClientButton"]!.GetValue<bool>());    // Scalar's hosted client and app
        Assert.False(configuration["telemetry"]!.GetValue<bool>());
        Assert.Equal("never", configuration["showDeveloperTools"]!.GetValue<string>()); // its "Configure" leads to scalar.com
        Assert.True(configuration["agent"]!["disabled"]!.GetValue<bool>()); // Scalar's AI chat
        Assert.Null(configuration["proxyUrl"]);                              // test requests go straight to this server
        Assert.DoesNotMatch(@"(src|href)=""(https?:)?//", html);             // the bundle is served from here
    }

    /// <summary>Each example at /docs has the fields of a real answer (and no other), so examples cannot drift from the DTOs.</summary>
    [Fact]
    public async Task The_examples_have_the_same_fields_as_real_answers()
    {
        var sku = await TestCatalog.CreateSkuAsync(app);
        var client = app.CreateClient();
        async Task<JsonNode> Read(HttpResponseMessage response, HttpStatusCode status) => JsonNode.Parse((await response.JsonAsync(status)).GetRawText())!;
        var address = new { name = "Ada Lovelace", line1 = "12 St James's Square", city = "London", postalCode = "SW1Y 4JH", country = "GB" };

        var cart = await Read(await client.PostAsJsonAsync("/store/carts", new { currency = "USD" }), HttpStatusCode.Created);
        var answers = new Dictionary<string, JsonNode>
        {
            ["ListProducts"] = await Read(await client.GetAsync("/store/products?limit=1"), HttpStatusCode.OK),
            ["GetProduct"] = await Read(await client.GetAsync($"/store/products/{sku.ToLowerInvariant()}"), HttpStatusCode.OK),
            ["CreateCart"] = cart,
            ["AddCartItem"] = await Read(await client.PostAsJsonAsync($"/store/carts/{cart["id"]}/items", new { sku, quantity = 1 }), HttpStatusCode.OK),
            ["BuyNow"] = await Read(await client.PostAsJsonAsync("/store/orders",
                new { lines = new[] { new { sku, quantity = 1 } }, email = "ada@example.com", paymentToken = "tok_visa", shippingAddress = address }), HttpStatusCode.Created),
            ["IssueToken"] = await Read(await client.PostAsJsonAsync("/auth/token", new { email = EngineRoomApp.AdminEmail, password = EngineRoomApp.AdminPassword }), HttpStatusCode.OK),
        };
        answers["GetCart"] = answers["AddCartItem"];
        answers["CheckoutCart"] = answers["GetOrder"] = answers["BuyNow"];

        foreach (var (operation, example) in OpenApiExamples.ByOperation)
        {
            if (example.Ok is not { } ok) continue;
            var (expected, actual) = (Shape(JsonNode.Parse(ok)), Shape(answers[operation]));
            var missing = actual.Fields.Where(f => !expected.Fields.Contains(f) && !expected.Leaves(f)).ToList();
            var extra = expected.Fields.Where(f => !actual.Fields.Contains(f) && !actual.Leaves(f)).ToList();
            Assert.True(missing.Count + extra.Count == 0, $"{operation}'s example lacks [{string.Join(", ", missing)}] and has [{string.Join(", ", extra)}] that the answer has not");
        }
    }

    /// <summary>Field paths of a JSON value (array items as []), and the paths whose value is null or an empty array: what is under those is not known.</summary>
    private sealed record JsonShape(HashSet<string> Fields, HashSet<string> Open)
    {
        public bool Leaves(string field) => Open.Any(open => field.StartsWith(open + ".", StringComparison.Ordinal) || field.StartsWith(open + "[]", StringComparison.Ordinal));
    }

    private static JsonShape Shape(JsonNode? node)
    {
        var shape = new JsonShape([], []);
        void Walk(JsonNode? value, string path)
        {
            switch (value)
            {
                case null or JsonArray { Count: 0 }: shape.Open.Add(path); break;
                case JsonArray array: Walk(array[0], path + "[]"); break;
                case JsonObject obj:
                    foreach (var (name, child) in obj)
                    {
                        var childPath = path.Length == 0 ? name : $"{path}.{name}";
                        shape.Fields.Add(childPath);
                        Walk(child, childPath);
                    }
                    break;
            }
        }
        Walk(node, "");
        return shape;
    }
}
