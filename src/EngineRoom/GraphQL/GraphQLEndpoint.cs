using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EngineRoom.Common;
using EngineRoom.Customers;
using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace EngineRoom.GraphQL;

/// <summary>What one GraphQL-over-HTTP request asks.</summary>
internal sealed record GraphQLCall(string? Query, string? OperationName, string? Variables, string? PersistedHash);

/// <summary>
/// GraphQL over HTTP, small: POST application/json, GET for queries only, answers in application/graphql-response+json
/// (application/json when that is all the client accepts). A document is read, measured and charged before anything
/// runs: too long, too deep, too many aliases, too costly, introspection where it is off, or over the client's budget,
/// and it is refused having touched no database. Anonymous catalog reads share the REST catalog's output cache.
/// </summary>
internal sealed class GraphQLEndpoint(ISchema schema, IDocumentExecuter executer, IGraphQLTextSerializer serializer, CostBudget budget,
    PersistedQueries persisted, ValidatedDocuments documents, IOutputCacheStore cache, IOptions<GraphQLOptions> options, IHostEnvironment environment, IConfiguration config,
    ILogger<GraphQLEndpoint> logger)
{
    public const string MediaType = "application/graphql-response+json";
    private static readonly HashSet<string> CatalogFields = ["products", "product", "categories", "__typename"];
    private readonly bool _introspection = options.Value.Introspection ?? !environment.IsProduction();
    private readonly TimeSpan _cacheFor = TimeSpan.FromSeconds(config.GetValue("Catalog:CacheSeconds", 5));

    public async Task HandleAsync(HttpContext http)
    {
        var o = options.Value;
        var accept = http.Request.GetTypedHeaders().Accept; // parsed once: it is read up to four times
        var legacy = !AcceptsGraphQLResponse(accept, http.Request.Headers.Accept.Count == 0);
        if (legacy && !Accepts(accept, "application/json"))
        {
            await RefuseAsync(http, 406, "NOT_ACCEPTABLE", $"Accept {MediaType} or application/json.", null, legacy: false);
            return;
        }
        var (call, refusal) = await ReadAsync(http);
        if (refusal is { } r)
        {
            await RefuseAsync(http, r.Status, r.Code, r.Message, null, legacy);
            return;
        }

        var query = call!.Query;
        if (call.PersistedHash is { } hash)
        {
            if (query is null && (query = persisted.Find(hash)) is null)
            {
                // Apollo's protocol: a 200 telling the client to send the document with its hash.
                await RefuseAsync(http, 200, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound", null, legacy);
                return;
            }
            if (call.Query is not null && PersistedQueries.Hash(call.Query) != hash.ToLowerInvariant())
            {
                await RefuseAsync(http, 400, "PERSISTED_QUERY_HASH_MISMATCH", "The sha256Hash is not the hash of the query.", null, legacy);
                return;
            }
        }
        if (string.IsNullOrWhiteSpace(query))
        {
            await RefuseAsync(http, 400, "BAD_REQUEST", "The request has no query.", null, legacy);
            return;
        }
        if (query.Length > o.MaxDocumentLength)
        {
            await RefuseAsync(http, 413, "PAYLOAD_TOO_LARGE", $"The document is over {o.MaxDocumentLength} characters.", null, legacy);
            return;
        }

        var client = http.User.TryGetAccountId() is { } account ? $"account:{account:N}" : AbuseLimits.ClientOf(http);
        var anonymous = http.User.Identity?.IsAuthenticated != true && http.Request.Headers.Authorization.Count == 0;
        var cacheKey = anonymous && _cacheFor > TimeSpan.Zero ? CacheKey(query, call.OperationName, call.Variables) : null;
        if (cacheKey is not null && await cache.GetAsync(cacheKey, http.RequestAborted) is { Length: > 4 } hit)
        {
            var cached = BitConverter.ToInt32(hit, 0);
            if (!budget.TryTake(client, cached, out var status)) await ThrottledAsync(http, cached, status, legacy);
            else await WriteAsync(http, 200, hit.AsMemory(4), new CostReport(cached, status), legacy);
            return;
        }

        var document = documents.Find(query);
        var validated = document is not null;
        try { document ??= GraphQLParser.Parser.Parse(query, new GraphQLParser.ParserOptions { MaxDepth = 64 }); }
        catch (GraphQLParserException e)
        {
            await RefuseAsync(http, 400, "GRAPHQL_PARSE_FAILED", e.Message, null, legacy);
            return;
        }
        Inputs variables;
        try { variables = call.Variables is null ? Inputs.Empty : serializer.Deserialize<Inputs>(call.Variables) ?? Inputs.Empty; }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            await RefuseAsync(http, 400, "BAD_REQUEST", "The variables are not a JSON object.", null, legacy);
            return;
        }

        var analysis = QueryCost.Analyze(schema, document, call.OperationName, variables);
        if (analysis is null)
        {
            await RefuseAsync(http, 400, "BAD_REQUEST", "Name the operation to run (operationName): the document has none or several.", null, legacy);
            return;
        }
        if (Refusal(analysis, o) is { } limit)
        {
            await RefuseAsync(http, 400, limit.Code, limit.Message, new CostReport(analysis.Cost, budget.Peek(client)), legacy);
            return;
        }
        if (HttpMethods.IsGet(http.Request.Method) && analysis.Operation != OperationType.Query)
        {
            http.Response.Headers.Allow = "POST";
            await RefuseAsync(http, 405, "METHOD_NOT_ALLOWED", "Only queries may be sent with GET; send mutations with POST.", null, legacy);
            return;
        }
        if (!budget.TryTake(client, analysis.Cost, out var throttle))
        {
            await ThrottledAsync(http, analysis.Cost, throttle, legacy);
            return;
        }
        if (call.PersistedHash is { } keep && call.Query is not null) persisted.Keep(keep.ToLowerInvariant(), call.Query);

        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Schema = schema, Query = query, Document = document, OperationName = call.OperationName, Variables = variables,
            RequestServices = http.RequestServices, User = http.User, UserContext = new RequestContext(http), CancellationToken = http.RequestAborted,
            UnhandledExceptionDelegate = Unhandled,
            ValidationRules = validated ? [] : null, // null: GraphQL.NET's core rules
        });
        if (!validated && result.Executed) documents.Keep(query, document); // executed: it passed validation
        var body = Encoding.UTF8.GetBytes(serializer.Serialize(result));
        var cost = new CostReport(analysis.Cost, throttle);
        if (cacheKey is not null && result.Executed && result.Errors is not { Count: > 0 } && analysis.Operation == OperationType.Query
            && analysis.RootFields.All(CatalogFields.Contains))
            await cache.SetAsync(cacheKey, [.. BitConverter.GetBytes(analysis.Cost), .. body], [CatalogCache.Tag], _cacheFor, http.RequestAborted);
        await WriteAsync(http, result.Executed ? 200 : 400, body, cost, legacy);
    }

    private Task Unhandled(global::GraphQL.Execution.UnhandledExceptionContext context)
    {
        if (context.OriginalException is BusinessRuleException rule) // as GlobalExceptionHandler maps it for REST
            context.Exception = Resolving.Error(rule.Code, rule.Message, rule.Extensions.ToDictionary());
        else if (context.OriginalException is not OperationCanceledException)
            logger.LogError(context.OriginalException, "GraphQL field {Field} failed.", context.FieldContext?.FieldDefinition.Name);
        return Task.CompletedTask;
    }

    private (string Code, string Message)? Refusal(Analysis a, GraphQLOptions o)
    {
        if (a.Introspection && !_introspection) return ("INTROSPECTION_DISABLED", "Introspection is off on this server; the schema is published as SDL.");
        if (a.Depth > o.MaxDepth) return ("MAX_DEPTH_EXCEEDED", $"The document nests {a.Depth} fields deep; the most is {o.MaxDepth}.");
        if (a.Aliases > o.MaxAliases) return ("MAX_ALIASES_EXCEEDED", $"The document has {a.Aliases} aliases; the most is {o.MaxAliases}.");
        if (a.Cost > o.MaxCost) return ("MAX_COST_EXCEEDED", $"The document would cost {a.Cost}; the most is {o.MaxCost}. Ask for smaller pages or fewer fields.");
        return null;
    }

    private static string CacheKey(string query, string? operationName, string? variables)
    {
        var text = $"{query}\n{operationName}\n{variables}";
        return "graphql:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private async Task<(GraphQLCall? Call, (int Status, string Code, string Message)? Refusal)> ReadAsync(HttpContext http)
    {
        var request = http.Request;
        if (HttpMethods.IsGet(request.Method))
        {
            var q = request.Query;
            return Call(q["query"], q["operationName"], q["variables"].ToString() is { Length: > 0 } v ? v : null,
                q["extensions"].ToString() is { Length: > 0 } e ? e : null);
        }
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return (null, (415, "UNSUPPORTED_MEDIA_TYPE", "Send the request as application/json."));
        try
        {
            using var json = await JsonDocument.ParseAsync(request.Body, default, http.RequestAborted);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, (400, "BAD_REQUEST", "The body must be a JSON object with a query."));
            string? Text(string name) => root.TryGetProperty(name, out var p) ? p.ValueKind switch
            {
                JsonValueKind.String => p.GetString(),
                JsonValueKind.Null => null,
                _ => throw new JsonException($"{name} must be a string."),
            } : null;
            string? Raw(string name) => root.TryGetProperty(name, out var p) && p.ValueKind != JsonValueKind.Null ? p.GetRawText() : null;
            return Call(Text("query"), Text("operationName"), Raw("variables"), Raw("extensions"));
        }
        catch (JsonException e) { return (null, (400, "BAD_REQUEST", $"The body is not a GraphQL request: {e.Message}")); }
    }

    private static (GraphQLCall?, (int, string, string)?) Call(string? query, string? operationName, string? variables, string? extensions)
    {
        if (variables is not null && !variables.TrimStart().StartsWith('{')) return (null, (400, "BAD_REQUEST", "variables must be a JSON object."));
        string? hash = null;
        if (extensions is not null)
        {
            try
            {
                using var json = JsonDocument.Parse(extensions);
                if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("persistedQuery", out var pq)
                    && pq.ValueKind == JsonValueKind.Object && pq.TryGetProperty("sha256Hash", out var h) && h.ValueKind == JsonValueKind.String)
                    hash = h.GetString();
            }
            catch (JsonException) { return (null, (400, "BAD_REQUEST", "extensions must be a JSON object.")); }
        }
        return (new GraphQLCall(query, string.IsNullOrEmpty(operationName) ? null : operationName, variables, hash), null);
    }

    private Task ThrottledAsync(HttpContext http, int cost, ThrottleStatus status, bool legacy)
    {
        var wait = Math.Max(1, (int)Math.Ceiling((cost - status.CurrentlyAvailable) / Math.Max(1, status.RestoreRate)));
        http.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return RefuseAsync(http, 429, "THROTTLED", $"This client's cost budget is spent; {status.RestoreRate} points come back each second.",
            new CostReport(cost, status), legacy);
    }

    private Task RefuseAsync(HttpContext http, int status, string code, string message, CostReport? cost, bool legacy)
    {
        var result = new ExecutionResult { Executed = false };
        result.AddError(new ExecutionError(message) { Code = code });
        return WriteAsync(http, status, Encoding.UTF8.GetBytes(serializer.Serialize(result)), cost, legacy);
    }

    /// <summary>The result's JSON with <c>extensions.cost</c> (Shopify's shape) spliced in before its last brace.</summary>
    /// <remarks>One write with a Content-Length: each write to Kestrel's response stream is flushed as its own chunk.</remarks>
    private static async Task WriteAsync(HttpContext http, int status, ReadOnlyMemory<byte> body, CostReport? cost, bool legacy)
    {
        // application/json is the older convention: 200 for any GraphQL answer, 4xx only for what is not GraphQL at all.
        http.Response.StatusCode = legacy && status is 400 or 200 ? 200 : status;
        http.Response.ContentType = (legacy ? "application/json" : MediaType) + "; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        if (cost is not null)
        {
            var extensions = JsonSerializer.SerializeToUtf8Bytes(new { extensions = new { cost } }, JsonSerializerOptions.Web);
            var comma = body.Length > 2 ? 1 : 0;
            var answer = new byte[body.Length - 1 + comma + extensions.Length - 1];
            body.Span[..^1].CopyTo(answer);
            if (comma == 1) answer[body.Length - 1] = (byte)',';
            extensions.AsSpan(1).CopyTo(answer.AsSpan(body.Length - 1 + comma));
            body = answer;
        }
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body);
    }

    private static bool AcceptsGraphQLResponse(IList<Microsoft.Net.Http.Headers.MediaTypeHeaderValue> accept, bool none) =>
        none || Accepts(accept, MediaType) || Accepts(accept, "*/*") || Accepts(accept, "application/*");

    private static bool Accepts(IList<Microsoft.Net.Http.Headers.MediaTypeHeaderValue> accept, string mediaType) =>
        accept.Any(a => a.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase) && a.Quality is not 0);
}

/// <summary>The HTTP request a resolver runs in (the Order-Token header, the idempotency claim).</summary>
internal sealed class RequestContext(HttpContext http) : Dictionary<string, object?>
{
    public HttpContext Http { get; } = http;
}
