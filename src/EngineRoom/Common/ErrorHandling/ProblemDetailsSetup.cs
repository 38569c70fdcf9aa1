using System.Diagnostics;

namespace EngineRoom.Common.ErrorHandling;

internal static class ProblemDetailsSetup
{
    /// <summary>Every problem answer, ours or the framework's, carries a <c>code</c> and a <c>traceId</c>.</summary>
    public static IServiceCollection AddEngineRoomProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Status ??= context.HttpContext.Response.StatusCode;
            if (!problem.Extensions.ContainsKey("code"))
                problem.Extensions["code"] = problem is HttpValidationProblemDetails ? "validation_failed" : Problems.DefaultCode(problem.Status.Value);
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<GlobalExceptionHandler>();
        return services;
    }
}
