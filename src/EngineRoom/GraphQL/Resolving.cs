using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Idempotency;
using EngineRoom.Customers;
using GraphQL;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace EngineRoom.GraphQL;

/// <summary>A business refusal in a mutation's payload, as Shopify and Saleor answer them: not a top-level error.</summary>
public sealed record UserError(IReadOnlyList<string>? Field, string Message, string Code);

/// <summary>A mutation's answer: the changed object, or the refusals that kept it from changing.</summary>
internal sealed record Payload<T>(T? Value, IReadOnlyList<UserError> UserErrors) where T : class;

/// <summary>What resolvers share: the request's services and caller, and the REST handlers' answers turned into GraphQL's.</summary>
internal static class Resolving
{
    public static T Service<T>(this IResolveFieldContext ctx) where T : notnull => ctx.RequestServices!.GetRequiredService<T>();
    public static HttpContext Http(this IResolveFieldContext ctx) => ((RequestContext)ctx.UserContext).Http;
    public static ClaimsPrincipal Caller(this IResolveFieldContext ctx) => ctx.User ?? new ClaimsPrincipal();

    /// <summary>
    /// The same policy the REST group names (Policies.Staff, Policies.Customer). A refusal is thrown: GraphQL.NET
    /// answers it as a top-level error at this field's path, the field null. Errors below are thrown the same way.
    /// </summary>
    public static async Task RequireAsync(this IResolveFieldContext ctx, string policy)
    {
        var user = ctx.Caller();
        if ((await ctx.Service<IAuthorizationService>().AuthorizeAsync(user, policy)).Succeeded) return;
        var signedIn = user.Identity?.IsAuthenticated == true;
        throw Error(signedIn ? "forbidden" : "unauthorized", signedIn ? "You may not read or change this." : "Sign in to read or change this.");
    }

    public static ExecutionError NotFound() => Error("not_found", "Not found.");

    public static ExecutionError Error(string code, string message, IDictionary<string, object?>? extensions = null)
    {
        var error = new ExecutionError(message) { Code = code.ToUpperInvariant() };
        if (extensions is not null)
            foreach (var (key, value) in extensions) error.Data[key] = value;
        return error;
    }

    /// <summary>A query handler's answer: its value, or a top-level error with the REST problem's code (thrown).</summary>
    public static T Value<T>(this IResolveFieldContext ctx, object? result) where T : class
    {
        var (value, problem) = Read<T>(ctx, result);
        if (problem is not null) throw ToError(problem);
        return value!;
    }

    /// <summary>
    /// A mutation handler's answer: a refusal of the request's content (4xx but not-found, auth, throttling or busy) goes in
    /// the payload's userErrors; those others and 5xx are top-level errors with a null payload, as for a query.
    /// </summary>
    public static Payload<T> Payload<T>(this IResolveFieldContext ctx, object? result) where T : class
    {
        var (value, problem) = Read<T>(ctx, result);
        if (problem is null) return new Payload<T>(value, []);
        if (problem.Status is 401 or 403 or 404 or 429 or >= 500 || problem.Code == "idempotency_in_progress") throw ToError(problem);
        var fields = problem.Fields.Count > 0 ? problem.Fields : [null];
        return new Payload<T>(null, fields.Select(f => new UserError(f is null ? null : ["input", f], f is null ? problem.Detail : problem.FieldMessage(f), problem.Code.ToUpperInvariant())).ToList());
    }

    /// <summary>A broken entity invariant, as GlobalExceptionHandler maps it for REST.</summary>
    public static async Task<object?> Guarded(Func<Task<object?>> handler)
    {
        try { return await handler(); }
        catch (BusinessRuleException rule) { return Problems.Create(rule.Status, rule.Code, rule.Message, rule.Extensions.ToDictionary()); }
    }

    private sealed record Problem(int Status, string Code, string Detail, IReadOnlyList<string?> Fields, IReadOnlyDictionary<string, string[]> Messages,
        IDictionary<string, object?> Extensions)
    {
        public string FieldMessage(string field) => Messages.TryGetValue(field, out var m) && m.Length > 0 ? string.Join(" ", m) : Detail;
    }

    private static ExecutionError ToError(Problem p) => Error(p.Code, p.Detail, p.Extensions);

    private static (T? Value, Problem? Problem) Read<T>(IResolveFieldContext ctx, object? result) where T : class
    {
        while (result is INestedHttpResult nested) result = nested.Result;
        switch (result)
        {
            case Microsoft.AspNetCore.Http.HttpResults.NotFound:
                return (null, new Problem(404, "not_found", "Not found.", [], new Dictionary<string, string[]>(), new Dictionary<string, object?>()));
            case ProblemHttpResult problem:
                return (null, FromProblem(problem.ProblemDetails.Status ?? problem.StatusCode, problem.ProblemDetails.Detail,
                    problem.ProblemDetails.Extensions, (problem.ProblemDetails as HttpValidationProblemDetails)?.Errors));
            // A payment that needs the customer (3-D Secure) is REST-only for now: its 202 carries the client secret.
            case Microsoft.AspNetCore.Http.HttpResults.Accepted<EngineRoom.Checkout.CheckoutActionDto>:
            case Idempotency.StoredResponse { StatusCode: 202 }:
                return (null, new Problem(409, "payment_requires_action", "The payment needs the customer (3-D Secure): place this order through POST /store/orders, which answers 202 with what the storefront must do.",
                    [], new Dictionary<string, string[]>(), new Dictionary<string, object?>()));
            case Idempotency.StoredResponse stored: // an idempotent mutation, run now or replayed
                var json = ctx.Service<IOptions<JsonOptions>>().Value.SerializerOptions;
                if (stored.StatusCode < 300) return (System.Text.Json.JsonSerializer.Deserialize<T>(stored.Body, json), null);
                var details = System.Text.Json.JsonSerializer.Deserialize<HttpValidationProblemDetails>(stored.Body, json)!;
                return (null, FromProblem(stored.StatusCode, details.Detail, details.Extensions.ToDictionary(e => e.Key, e => (object?)e.Value), details.Errors));
            case IValueHttpResult { Value: T value }:
                return (value, null);
            default:
                throw new InvalidOperationException($"Unexpected handler answer {result?.GetType().Name}.");
        }
    }

    private static Problem FromProblem(int status, string? detail, IDictionary<string, object?> extensions, IDictionary<string, string[]>? errors)
    {
        var code = extensions.TryGetValue("code", out var c) && c?.ToString() is { Length: > 0 } s ? s : Problems.DefaultCode(status);
        var extra = extensions.Where(e => e.Key is not ("code" or "traceId")).ToDictionary(e => e.Key, e => e.Value);
        return new Problem(status, code, detail ?? code.Replace('_', ' '), errors?.Keys.Select(k => (string?)Camel(k)).ToList() ?? [],
            errors?.ToDictionary(e => Camel(e.Key), e => e.Value) ?? new Dictionary<string, string[]>(), extra);
    }

    private static string Camel(string name) => name.Length == 0 || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
