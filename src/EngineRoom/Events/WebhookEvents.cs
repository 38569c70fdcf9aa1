namespace EngineRoom.Events;

/// <summary>
/// EngineRoom stopped sending to a webhook endpoint: its receiver answered 410 Gone (<paramref name="Reason"/> <c>gone</c>),
/// or every delivery to it failed since <paramref name="FailingSince"/> for the configured days (<c>failing</c>).
/// </summary>
public sealed record WebhookEndpointDisabled(Guid EndpointId, string Reason, DateTimeOffset? FailingSince, DateTimeOffset DisabledAt) : IIntegrationEvent
{
    public static string Name => "webhook.endpoint_disabled";
}
