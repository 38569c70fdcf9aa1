using System.Text.Json;
using EngineRoom.Customers;
using EngineRoom.Customers.ApiKeys;
using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EngineRoom.Tests.Attack;

/// <summary>Who an operation lets in, read from the route's own authorization metadata.</summary>
public enum Access { Anonymous, Customer, Staff, Admin }

public sealed record Parameter(string Name, string In, JsonElement Schema);

/// <summary>
/// One operation of the served OpenAPI document, with the authorization its endpoint declares: who it lets in, and the
/// area whose API key scopes open it (none: no API key may call it).
/// </summary>
public sealed record Operation(string Method, string Path, IReadOnlyList<Parameter> Parameters, JsonElement? Body, Access Access, ApiArea? KeyArea)
{
    public override string ToString() => $"{Method} {Path}";
    public bool IsRead => Method == "GET";
}

public static class Operations
{
    /// <summary>Every operation of <c>/openapi/v1.json</c>; fails if one has no endpoint or an /admin one is open to customers.</summary>
    public static async Task<(IReadOnlyList<Operation> Operations, JsonElement Document)> ReadAsync(EngineRoomApp app)
    {
        var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement.Clone();
        var access = EndpointAccess(app);
        var operations = new List<Operation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
            foreach (var op in path.Value.EnumerateObject())
            {
                var method = op.Name.ToUpperInvariant();
                var parameters = op.Value.TryGetProperty("parameters", out var ps)
                    ? ps.EnumerateArray().Select(p => new Parameter(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!,
                        p.TryGetProperty("schema", out var s) ? s : default)).ToList()
                    : [];
                JsonElement? body = op.Value.TryGetProperty("requestBody", out var rb) && rb.GetProperty("content").TryGetProperty("application/json", out var json)
                    ? json.GetProperty("schema") : null;
                Assert.True(access.TryGetValue($"{method} {path.Name}", out var declared), $"{method} {path.Name} is in the OpenAPI document but no endpoint matches it");
                if (path.Name.StartsWith("/admin/", StringComparison.Ordinal))
                    Assert.True(declared.Access is Access.Staff or Access.Admin, $"{method} {path.Name} is under /admin but its endpoint lets in {declared.Access}");
                Assert.True(declared.KeyArea is null || declared.Access is Access.Staff,
                    $"{method} {path.Name} lets in {declared.Access} but is open to API keys of {declared.KeyArea}: keys are for staff work under /admin only");
                operations.Add(new Operation(method, path.Name, parameters, body, declared.Access, declared.KeyArea));
            }
        return (operations, document);
    }

    private static Dictionary<string, (Access Access, ApiArea? KeyArea)> EndpointAccess(EngineRoomApp app)
    {
        var result = new Dictionary<string, (Access, ApiArea?)>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var template = "/" + string.Join("/", endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l => l.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart p => "{" + p.Name + "}",
                _ => part.ToString(),
            }))));
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            var access = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null ? Access.Anonymous
                : policies.Contains(Policies.Admin) ? Access.Admin
                : policies.Contains(Policies.Staff) ? Access.Staff
                : Access.Customer; // the customer policy or the default one: any signed-in account
            foreach (var method in endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? [])
                result[$"{method} {template}"] = (access, endpoint.Metadata.GetMetadata<ApiKeyArea>()?.Area);
        }
        return result;
    }

    /// <summary>Resolves a <c>$ref</c> (and a nullable <c>oneOf</c> around one) to the schema it names.</summary>
    public static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        for (var i = 0; i < 10; i++)
        {
            if (schema.ValueKind != JsonValueKind.Object) return schema;
            if (schema.TryGetProperty("$ref", out var reference))
            {
                var name = reference.GetString()!.Split('/')[^1];
                schema = document.GetProperty("components").GetProperty("schemas").GetProperty(name);
                continue;
            }
            if (schema.TryGetProperty("oneOf", out var oneOf) || schema.TryGetProperty("anyOf", out oneOf))
            {
                var notNull = oneOf.EnumerateArray().FirstOrDefault(s => !(s.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null"));
                if (notNull.ValueKind == JsonValueKind.Undefined) return schema;
                schema = notNull;
                continue;
            }
            return schema;
        }
        return schema;
    }

    /// <summary>The schema's types, without "null": ["integer", "string"] for an int the binder also takes as text.</summary>
    public static IReadOnlyList<string> Types(JsonElement schema) =>
        schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type) ? (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out _) ? ["object"] : [])
        : type.ValueKind == JsonValueKind.String ? [type.GetString()!]
        : type.EnumerateArray().Select(t => t.GetString()!).Where(t => t != "null").ToList();
}
