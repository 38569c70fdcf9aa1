namespace EngineRoom.Common;

/// <summary>A broken business rule. GlobalExceptionHandler turns it into a problem detail carrying <see cref="Code"/>.</summary>
public sealed class BusinessRuleException(string code, string message, int status = StatusCodes.Status409Conflict)
    : Exception(message)
{
    public string Code { get; } = code;
    public int Status { get; } = status;
    public IReadOnlyDictionary<string, object?> Extensions { get; init; } = new Dictionary<string, object?>();
}
