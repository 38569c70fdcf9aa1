namespace EngineRoom.Webhooks;

/// <summary>An endpoint as staff see it: never its secret, which is shown once (<see cref="EndpointSecretDto"/>).</summary>
public sealed record WebhookEndpointDto(Guid Id, string Url, string? Description, IReadOnlyList<string> EventTypes, bool Enabled,
    string? DisabledReason, DateTimeOffset? FailingSince, DateTimeOffset? PreviousSecretExpiresAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static WebhookEndpointDto From(WebhookEndpoint e) => new(e.Id, e.Url, e.Description, e.Types, e.Enabled, e.DisabledReason,
        e.FailingSince, e.PreviousSecretExpiresAt, e.CreatedAt, e.UpdatedAt);
}

/// <summary>The answer that shows a signing secret, the only one: at creation and at rotation.</summary>
public sealed record EndpointSecretDto(WebhookEndpointDto Endpoint, string Secret);

public sealed record WebhookAttemptDto(int Number, DateTimeOffset At, int? StatusCode, int LatencyMs, string? Response, string? Error)
{
    public static WebhookAttemptDto From(WebhookAttempt a) => new(a.Number, a.At, a.StatusCode, a.LatencyMs, a.Response, a.Error);
}

/// <summary>A delivery in the log: <see cref="WebhookId"/> is the <c>webhook-id</c> header, <see cref="EventId"/> the event's id (null for a test).</summary>
public sealed record WebhookDeliveryDto(Guid Id, string WebhookId, Guid EndpointId, Guid? EventId, string EventType, string Status, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, IReadOnlyList<WebhookAttemptDto> AttemptLog)
{
    public static WebhookDeliveryDto From(WebhookDelivery d, IEnumerable<WebhookAttempt> attempts) => new(d.Id, d.WebhookId, d.EndpointId, d.MessageId,
        d.EventType, d.Status.ToString().ToLowerInvariant(), d.Attempts, d.CreatedAt, d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null,
        d.DeliveredAt, attempts.OrderBy(a => a.Number).Select(WebhookAttemptDto.From).ToList());
}
