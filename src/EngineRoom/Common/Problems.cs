namespace EngineRoom.Common;

/// <summary>Problem details with a stable machine-readable <c>code</c>, as PRODUCT.md's API conventions ask.</summary>
public static class Problems
{
    public static ProblemHttpResult Create(int status, string code, string detail, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?> { ["code"] = code };
        if (extensions is not null)
            foreach (var (key, value) in extensions) all[key] = value;
        return TypedResults.Problem(detail: detail, statusCode: status, extensions: all);
    }

    /// <summary>A 400 naming the fields, the same shape the built-in validation gives.</summary>
    public static ProblemHttpResult Validation(string field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = message,
            Extensions = { ["code"] = "validation_failed" },
        });

    public static ProblemHttpResult Conflict(string code, string detail) => Create(StatusCodes.Status409Conflict, code, detail);

    /// <summary>The default <c>code</c> for a status when the producer gave none (framework 401/404/405/413/415...).</summary>
    public static string DefaultCode(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        406 => "not_acceptable",
        409 => "conflict",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        422 => "unprocessable",
        429 => "too_many_requests",
        503 => "unavailable",
        _ when status >= 500 => "internal_error",
        _ => "error",
    };
}
