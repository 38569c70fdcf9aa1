using System.Text.Json;
using EngineRoom.Data;
using Microsoft.AspNetCore.Diagnostics;

namespace EngineRoom.Common.ErrorHandling;

/// <summary>
/// The one place exceptions become answers: a broken business rule keeps its code and status, a request the
/// framework could not read (bad JSON, wrong content type, too large) is the client's 4xx, anything else a 500
/// that shows only the trace id. The database out of reach (a restart, a cut line, a full pool) is a 503 with
/// Retry-After, which a careful client sends again with the same Idempotency-Key.
/// </summary>
internal sealed class GlobalExceptionHandler(IProblemDetailsService problems, ILogger<GlobalExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, code, detail) = exception switch
        {
            BusinessRuleException rule => (rule.Status, rule.Code, rule.Message),
            BadHttpRequestException { InnerException: JsonException } => (400, "malformed_json", "The request body is not valid JSON for this endpoint."),
            BadHttpRequestException bad => (bad.StatusCode, Problems.DefaultCode(bad.StatusCode), bad.Message),
            OperationCanceledException when http.RequestAborted.IsCancellationRequested => (499, "client_closed_request", "The client closed the request."),
            _ when Transactions.IsUnavailable(exception) => (503, "database_unavailable", "The database cannot be reached just now. Retry shortly with the same Idempotency-Key."),
            _ => (500, "internal_error", "An unexpected error occurred. Quote the traceId when reporting it."),
        };
        if (status == 503) // one line, not a stack trace per request while the database is away
        {
            logger.LogWarning("Database unavailable on {Method} {Path}: {Reason}", http.Request.Method, http.Request.Path, exception.GetBaseException().Message);
            http.Response.Headers.RetryAfter = "1";
        }
        else if (status >= 500) logger.LogError(exception, "Unhandled exception on {Method} {Path}", http.Request.Method, http.Request.Path);

        http.Response.StatusCode = status;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Detail = detail, Extensions = { ["code"] = code } };
        if (exception is BusinessRuleException { Extensions.Count: > 0 } withExtras)
            foreach (var (key, value) in withExtras.Extensions) problem.Extensions[key] = value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }
}
