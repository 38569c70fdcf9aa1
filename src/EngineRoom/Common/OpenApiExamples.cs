using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace EngineRoom.Common;

/// <summary>
/// Example request and response bodies for the storefront's main operations, shown at /docs beside their schemas.
/// Keyed by operation id (the endpoint's name). OpenApiExamplesTests compares each example's fields with a real answer,
/// so an example cannot silently drift from its DTO.
/// </summary>
internal static class OpenApiExamples
{
    public sealed record Example(string? Request = null, string? Ok = null, IReadOnlyDictionary<int, string>? Problems = null);

    private const string Cart = """
        {"id":"Tq4mV0x8bQeR2nZ7yK1wL5pF3sA","status":"open","currency":"USD","email":null,"shippingAddress":null,"shippingMethod":null,
         "discountCodes":[],"lines":[{"sku":"TEE-BLK-M","name":"Organic Cotton Tee","variantName":"Black / M","quantity":2,
         "unitPrice":{"amount":2400,"currency":"USD"},"subtotal":{"amount":4800,"currency":"USD"},"discount":{"amount":0,"currency":"USD"},
         "tax":{"amount":0,"currency":"USD"},"total":{"amount":4800,"currency":"USD"}}],
         "subtotal":{"amount":4800,"currency":"USD"},"discount":{"amount":0,"currency":"USD"},"shipping":{"amount":0,"currency":"USD"},
         "tax":{"amount":0,"currency":"USD"},"total":{"amount":4800,"currency":"USD"},"appliedDiscounts":[],"skippedDiscounts":[],"unavailable":[]}
        """;

    private const string Address = """
        {"name":"Ada Lovelace","line1":"12 St James's Square","line2":null,"city":"London","region":null,"postalCode":"SW1Y 4JH","country":"GB","phone":null}
        """;

    private static string Order(string token) => $$$"""
        {"id":"0193a6f2-7c1e-7b3d-9a41-2f6c8e5d1b07","status":"paid","email":"ada@example.com","currency":"USD",
         "lines":[{"sku":"TEE-BLK-M","name":"Organic Cotton Tee","variantName":"Black / M","quantity":1,"unitPrice":{"amount":2400,"currency":"USD"},
         "subtotal":{"amount":2400,"currency":"USD"},"discount":{"amount":0,"currency":"USD"},"tax":{"amount":0,"currency":"USD"},"total":{"amount":2400,"currency":"USD"}}],
         "subtotal":{"amount":2400,"currency":"USD"},"discount":{"amount":0,"currency":"USD"},"shipping":{"amount":0,"currency":"USD"},
         "tax":{"amount":0,"currency":"USD"},"total":{"amount":2400,"currency":"USD"},"shippingAddress":{{{Address}}},"shippingMethod":null,
         "discountCodes":[],"placedAt":"2026-11-30T18:04:11.532+00:00","orderToken":{{{token}}}}
        """;

    private static readonly Dictionary<int, string> CheckoutProblems = new()
    {
        [402] = """{"status":402,"title":"Payment Required","detail":"The card was declined.","code":"payment_declined","declineCode":"card_declined"}""",
        [409] = """{"status":409,"title":"Conflict","detail":"Not enough stock for TEE-BLK-M.","code":"out_of_stock","skus":["TEE-BLK-M"]}""",
        [422] = """{"status":422,"title":"Unprocessable Entity","detail":"No product is sold under SKU TEE-XXL.","code":"unknown_sku","subjects":["TEE-XXL"]}""",
    };

    public static readonly IReadOnlyDictionary<string, Example> ByOperation = new Dictionary<string, Example>
    {
        ["ListProducts"] = new(Ok: """
            {"items":[{"id":240,"slug":"organic-cotton-tee","name":"Organic Cotton Tee","shortDescription":"Soft, heavy cotton.","categoryId":5,
              "images":["/images/organic-cotton-tee.jpg"],"price":{"min":{"amount":2400,"currency":"USD"},"max":{"amount":2600,"currency":"USD"}},"inStock":true}],
             "nextCursor":"eyJzIjoibmV3ZXN0IiwiZiI6IjRcdTAwMkIyU1RNTDJDb1ljIiwiaSI6MjM5fQ"}
            """),
        ["GetProduct"] = new(Ok: """
            {"id":240,"slug":"organic-cotton-tee","name":"Organic Cotton Tee","shortDescription":"Soft, heavy cotton.",
             "description":"A heavyweight tee in organic cotton.","categoryId":5,"breadcrumb":[{"id":1,"slug":"apparel","name":"Apparel"},{"id":5,"slug":"t-shirts","name":"T-shirts"}],
             "images":["/images/organic-cotton-tee.jpg"],"currency":"USD","price":{"min":{"amount":2400,"currency":"USD"},"max":{"amount":2600,"currency":"USD"}},"inStock":true,
             "variants":[{"id":1201,"sku":"TEE-BLK-M","name":"Black / M","options":[{"name":"color","value":"Black"},{"name":"size","value":"M"}],
               "price":{"amount":2400,"currency":"USD"},"prices":[{"amount":2200,"currency":"EUR"},{"amount":2400,"currency":"USD"}],"available":37}]}
            """),
        ["CreateCart"] = new(Request: """{"currency":"USD"}""", Ok: Cart),
        ["GetCart"] = new(Ok: Cart),
        ["AddCartItem"] = new(Request: """{"sku":"TEE-BLK-M","quantity":2}""", Ok: Cart, Problems: new Dictionary<int, string> { [409] = CheckoutProblems[409] }),
        ["BuyNow"] = new(
            Request: $$$"""{"lines":[{"sku":"TEE-BLK-M","quantity":1}],"email":"ada@example.com","paymentToken":"tok_visa","shippingAddress":{{{Address}}}}""",
            Ok: Order("\"Xq3v9Lr2mK8pT4wZb6Nc1Hd7Jf0Ys5Ue\""), Problems: CheckoutProblems),
        ["CheckoutCart"] = new(Request: """{"paymentToken":"tok_visa","email":"ada@example.com"}""", Ok: Order("\"Xq3v9Lr2mK8pT4wZb6Nc1Hd7Jf0Ys5Ue\""), Problems: CheckoutProblems),
        ["GetOrder"] = new(Ok: Order("null")),
        ["IssueToken"] = new(Request: """{"email":"ada@example.com","password":"correct horse battery"}""", Ok: """
            {"accessToken":"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...","refreshToken":"4kQ9vN2xW7pL1mZ8cR3tY6uB0eH5jD2sA9fG1hK7","tokenType":"Bearer","expiresIn":900,"cartId":null}
            """),
    };

    /// <summary>Puts an operation's examples on its request body, its success answer and the problems it documents.</summary>
    public static void Apply(OpenApiOperation operation)
    {
        if (operation.OperationId is null || !ByOperation.TryGetValue(operation.OperationId, out var example)) return;
        if (example.Request is { } request && operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true)
            body.Example = JsonNode.Parse(request);
        if (example.Ok is { } ok && operation.Responses?.FirstOrDefault(r => r.Key.StartsWith('2')).Value?.Content?.TryGetValue("application/json", out var answer) == true)
            answer.Example = JsonNode.Parse(ok);
        foreach (var (status, problem) in example.Problems ?? new Dictionary<int, string>())
        {
            var code = JsonNode.Parse(problem)!["code"]!.GetValue<string>();
            (operation.Responses ??= [])[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = $"A problem detail, for example `{code}`.",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Example = JsonNode.Parse(problem) } },
            };
        }
    }
}
