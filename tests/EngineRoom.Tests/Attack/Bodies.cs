using System.Text.Json;
using System.Text.Json.Nodes;

namespace EngineRoom.Tests.Attack;

/// <summary>A field of a request body: where it is (e.g. <c>lines[0].sku</c>) and the types its schema gives.</summary>
public sealed record Field(string Path, IReadOnlyList<string> Types, IReadOnlyList<object> Steps, bool DateTime = false);

/// <summary>Request bodies made from the OpenAPI schema: a plausible one, and the same with one field replaced.</summary>
public sealed class Bodies(JsonElement document, World world)
{
    private const string Marker = "@@attack-fuzz@@";

    public JsonNode? Sample(Operation op, JsonElement schema, string name = "", int depth = 0)
    {
        schema = Operations.Resolve(document, schema);
        var types = Operations.Types(schema);
        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("enum", out var values))
            return JsonNode.Parse(values[0].GetRawText());
        if (types.Contains("object"))
        {
            var obj = new JsonObject();
            if (depth < 4 && schema.TryGetProperty("properties", out var properties))
                foreach (var property in properties.EnumerateObject())
                    obj[property.Name] = Sample(op, property.Value, property.Name, depth + 1);
            return obj;
        }
        if (types.Contains("array"))
            return depth < 4 && schema.TryGetProperty("items", out var items) ? new JsonArray(Sample(op, items, name, depth + 1)) : new JsonArray();
        if (types.Contains("integer") || types.Contains("number"))
            return schema.TryGetProperty("minimum", out var min) ? JsonNode.Parse(min.GetRawText()) : name switch
            {
                "categoryId" => world.CategoryId, "parentId" => null, "position" => 0, "amount" or "amountOff" => 100, "percentBps" or "rateBps" => 1000,
                _ => 1,
            };
        if (types.Contains("boolean")) return name is "published" or "active" or "restock";
        if (types.Contains("string"))
            return schema.TryGetProperty("format", out var format) && format.GetString() == "date-time" ? "2030-01-01T00:00:00Z"
                : schema.TryGetProperty("format", out format) && format.GetString() == "uuid" ? Guid.NewGuid().ToString()
                : StringFor(op, name, schema);
        return null;
    }

    private string StringFor(Operation op, string name, JsonElement schema)
    {
        var fresh = Guid.NewGuid().ToString("N")[..10];
        var pattern = schema.TryGetProperty("pattern", out var p) ? p.GetString() : null;
        return name switch
        {
            "sku" or "skus" => world.Sku,
            "email" => $"attack-{fresh}@example.com",
            "password" => $"attack-password-{fresh}",
            "currency" => "USD",
            "country" => "DE",
            "region" => "BY",
            "paymentToken" => "tok_visa",
            "code" or "discountCodes" when op.Path.StartsWith("/store", StringComparison.Ordinal) => world.DiscountCode,
            "code" or "slug" => $"atk-{fresh}",
            "kind" => "percentage",
            "reason" when op.Path.Contains("inventory", StringComparison.Ordinal) => "received",
            "role" => "staff",
            "scopes" => "orders:read",
            "location" => world.Location,
            "shippingMethod" => world.ShippingCode,
            "sort" => "newest",
            _ when pattern == "^[A-Z]{2}$" => "DE",
            _ => "attack",
        };
    }

    /// <summary>Every field of a sampled body, nested ones too (the first item of an array stands for all).</summary>
    public IReadOnlyList<Field> Fields(JsonElement schema, JsonNode? sample)
    {
        var fields = new List<Field>();
        Walk(schema, sample, "", [], fields, 0);
        return fields;
    }

    private void Walk(JsonElement schema, JsonNode? node, string path, List<object> steps, List<Field> fields, int depth)
    {
        schema = Operations.Resolve(document, schema);
        if (depth > 3) return;
        if (node is JsonObject obj && schema.TryGetProperty("properties", out var properties))
            foreach (var property in properties.EnumerateObject())
            {
                var at = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                var next = new List<object>(steps) { property.Name };
                var resolved = Operations.Resolve(document, property.Value);
                fields.Add(new Field(at, Operations.Types(resolved), next,
                    resolved.ValueKind == JsonValueKind.Object && resolved.TryGetProperty("format", out var f) && f.GetString() == "date-time"));
                Walk(property.Value, obj[property.Name], at, next, fields, depth + 1);
            }
        else if (node is JsonArray { Count: > 0 } array && schema.TryGetProperty("items", out var items))
        {
            var next = new List<object>(steps) { 0 };
            fields.Add(new Field($"{path}[0]", Operations.Types(Operations.Resolve(document, items)), next));
            Walk(items, array[0], $"{path}[0]", next, fields, depth + 1);
        }
    }

    /// <summary>The sample as JSON text with one field replaced by a raw JSON fragment (which may be invalid on purpose).</summary>
    public static string With(JsonNode? sample, Field field, string rawJson)
    {
        var copy = sample!.DeepClone();
        var parent = copy;
        foreach (var step in field.Steps.SkipLast(1))
            parent = step is string name ? parent![name] : parent![(int)step];
        if (field.Steps[^1] is string last) parent![last] = Marker;
        else parent![(int)field.Steps[^1]] = Marker;
        return copy.ToJsonString().Replace($"\"{Marker}\"", rawJson, StringComparison.Ordinal);
    }

    public static string Text(JsonNode? sample) => sample?.ToJsonString() ?? "null";
}

/// <summary>Values at the edges: of the calendar, of the integer types, of text; wrong types and shapes.</summary>
public static class Edges
{
    public static readonly string Long = new('a', 10_000);

    public static readonly string[] Strings =
    [
        "", Long, "😀🔥👩‍👩‍👧", "مرحبا\u202Eabc", "\u0000", " ", "0001-01-01", "9999-12-31", "9999-12-31T23:59:59.9999999Z",
        "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00",
    ];

    public static readonly string[] Numbers = ["-1", "0", "2147483648", "-2147483649", "9223372036854775808", "-9223372036854775809", "1e309", "1.5"];

    /// <summary>Query values: text, numbers as text, a wrong type.</summary>
    public static IEnumerable<string> QueryValues => Strings.Concat(Numbers).Append("abc").Append("true");

    // Not empty (that is another route) nor NUL (TestServer itself refuses to send it; Kestrel answers 400).
    public static readonly string[] PathValues = ["0", "-1", "9223372036854775808", "1e309", "abc", Long, "😀🔥", "0001-01-01", "..", "%"];

    public static string Deep(int depth, string open, string close, string inner = "1") =>
        string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth));

    // A body field gets fewer values than a query parameter (each one is a write to check): the calendar's edges only
    // where the schema says date-time, one far date elsewhere.
    private static readonly string[] FieldStrings = ["", Long, "😀🔥👩‍👩‍👧", "مرحبا\u202Eabc", "\u0000", "9999-12-31T23:59:59.9999999Z"];
    private static readonly string[] FieldNumbers = ["-1", "0", "2147483648", "9223372036854775808", "-9223372036854775809", "1e309"];

    /// <summary>Raw JSON fragments for a field of the given types.</summary>
    public static IEnumerable<string> For(IReadOnlyList<string> types, bool dateTime, JsonNode? sampleItem)
    {
        yield return "null";
        yield return "{}";
        if (types.Contains("string"))
            foreach (var s in dateTime ? Strings : FieldStrings) yield return JsonSerializer.Serialize(s);
        else yield return "\"abc\"";
        if (types.Contains("integer") || types.Contains("number"))
        {
            foreach (var n in FieldNumbers) yield return n;
            yield return "\"9223372036854775808\"";
        }
        else yield return "-1";
        if (types.Contains("array"))
        {
            var item = sampleItem?.ToJsonString() ?? "1";
            yield return "[]";
            yield return "[" + string.Join(",", Enumerable.Repeat(item, 10_000)) + "]";
            yield return Deep(200, "[", "]");
        }
        if (types.Contains("object")) yield return Deep(200, "{\"a\":", "}");
    }

    /// <summary>Whole bodies that are not the expected object.</summary>
    public static readonly string[] WholeBodies = ["null", "[]", "\"x\"", "{}", "{", "1e309", Deep(1000, "{\"a\":", "}"), Deep(1000, "[", "]")];
}
