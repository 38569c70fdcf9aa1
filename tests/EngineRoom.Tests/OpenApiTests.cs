using System.Text.Json;
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
}
