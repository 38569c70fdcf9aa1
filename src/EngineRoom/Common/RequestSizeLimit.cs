namespace EngineRoom.Common;

/// <summary>
/// Refuses bodies over <c>Limits:MaxRequestBodyBytes</c> (default 1 MiB) with a 413 problem before anything reads
/// them; Kestrel enforces the same limit on bodies sent without a length.
/// </summary>
internal sealed class RequestSizeLimit(RequestDelegate next, IConfiguration config)
{
    private readonly long _max = config.GetValue("Limits:MaxRequestBodyBytes", 1L << 20);

    public Task InvokeAsync(HttpContext http)
    {
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = _max;
        if (http.Request.ContentLength > _max)
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "payload_too_large",
                $"The request body is larger than {_max} bytes.").ExecuteAsync(http);
        return next(http);
    }
}
