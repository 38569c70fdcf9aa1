using System.Text.Json;
using EngineRoom.Common.Outbox;

namespace EngineRoom.Events;

/// <summary>An event other systems hear of (webhooks, the dashboard): a record whose <see cref="Name"/> is its outbox type.</summary>
public interface IIntegrationEvent
{
    static abstract string Name { get; }
}

/// <summary>The catalogue: every event type by name, and the way back from an outbox row to its record.</summary>
public static class IntegrationEvents
{
    public static readonly IReadOnlyDictionary<string, Type> All = new[]
    {
        Entry<OrderPlaced>(), Entry<OrderPaid>(), Entry<OrderCaptured>(), Entry<OrderDisputed>(), Entry<OrderCancelled>(), Entry<OrderRefunded>(), Entry<OrderFulfilled>(),
        Entry<OrderShipped>(), Entry<OrderDelivered>(), Entry<ReturnRequested>(), Entry<ReturnReceived>(), Entry<InventoryLow>(),
        Entry<ProductCreated>(), Entry<ProductUpdated>(), Entry<ProductDeleted>(), Entry<WebhookEndpointDisabled>(),
    }.ToDictionary(e => e.Name, e => e.Type, StringComparer.Ordinal);

    public static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    /// <summary>The record an outbox message carries; throws for a type that is not in the catalogue.</summary>
    public static IIntegrationEvent Read(OutboxMessage message) =>
        (IIntegrationEvent)(JsonSerializer.Deserialize(message.Payload, All[message.Type], Json)
            ?? throw new JsonException($"Outbox message {message.Id} has an empty payload."));

    private static (string Name, Type Type) Entry<T>() where T : IIntegrationEvent => (T.Name, typeof(T));
}
