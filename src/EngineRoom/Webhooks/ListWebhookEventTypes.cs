using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using EngineRoom.Common;
using EngineRoom.Events;

namespace EngineRoom.Webhooks;

/// <summary>The event types an endpoint can ask for, each with the JSON schema of its <c>data</c>, made from the event's record.</summary>
internal static class ListWebhookEventTypes
{
    public sealed record EventType(string Type, JsonNode Schema);

    private static readonly Lazy<List<EventType>> All = new(() => IntegrationEvents.All.OrderBy(e => e.Key, StringComparer.Ordinal)
        .Select(e => new EventType(e.Key, JsonSchemaExporter.GetJsonSchemaAsNode(IntegrationEvents.Json, e.Value,
            new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true }))).ToList());

    public static RouteHandlerBuilder MapListWebhookEventTypes(this RouteGroupBuilder webhooks) =>
        webhooks.MapGet("/event-types", () => TypedResults.Ok(All.Value.Select(e => e with { Schema = e.Schema.DeepClone() }).ToList()))
            .WithName(nameof(ListWebhookEventTypes))
                .WithSummary("List the event types a webhook can receive");

    /// <summary>A 400 naming <c>eventTypes</c> when one is not in the catalogue.</summary>
    public static ProblemHttpResult? Problem(IReadOnlyList<string>? types) =>
        types?.FirstOrDefault(t => !IntegrationEvents.All.ContainsKey(t)) is { } unknown
            ? Problems.Validation("eventTypes", $"'{unknown}' is not an event type; GET /admin/webhooks/event-types lists them.")
            : null;
}
