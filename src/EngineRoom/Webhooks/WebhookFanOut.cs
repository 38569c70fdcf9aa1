using System.Text;
using System.Text.Json;
using EngineRoom.Common.Outbox;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Webhooks;

/// <summary>
/// The outbox's webhook consumer: one delivery row per enabled endpoint that wants the event's type, then a nudge to
/// this instance's sender. The outbox may hand the same message over again (at least once); the unique
/// (endpoint, message) index keeps that to one delivery each.
/// </summary>
internal sealed class WebhookFanOut(EngineRoomDb db, TimeProvider clock, WebhookDeliveryWorker worker) : IOutboxHandler
{
    // Scoped: the dispatcher makes one per batch, so the endpoints are read once a batch, not once an event.
    private List<(Guid Id, string[] Types)>? _endpoints;

    public async Task HandleAsync(OutboxMessage message, CancellationToken ct)
    {
        _endpoints ??= (await db.WebhookEndpoints.AsNoTracking().Where(e => e.Enabled).Select(e => new { e.Id, e.EventTypes }).ToListAsync(ct))
            .Select(e => (e.Id, e.EventTypes.Split(' '))).ToList();
        var wanted = _endpoints.Where(e => e.Types.Contains(message.Type, StringComparer.Ordinal)).Select(e => e.Id).ToList();
        if (wanted.Count == 0) return;

        var body = Body(message);
        var now = clock.GetUtcNow();
        try
        {
            db.WebhookDeliveries.AddRange(wanted.Select(id => WebhookDelivery.For(id, message.Id, message.Type, body, now)));
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Transactions.IsTransient(e)) // handed over before: add only the deliveries missing
        {
            db.ChangeTracker.Clear();
            var existing = await db.WebhookDeliveries.Where(d => d.MessageId == message.Id).Select(d => d.EndpointId).ToListAsync(ct);
            db.WebhookDeliveries.AddRange(wanted.Except(existing).Select(id => WebhookDelivery.For(id, message.Id, message.Type, body, now)));
            await db.SaveChangesAsync(ct);
        }
        finally { db.ChangeTracker.Clear(); }
        worker.Wake();
    }

    /// <summary>The body every endpoint gets: Standard Webhooks' envelope around the event's payload.</summary>
    public static string Body(OutboxMessage message) => Envelope(message.Type, message.OccurredAt, message.Payload);

    public static string Envelope(string type, DateTimeOffset occurredAt, string payloadJson)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", type);
            json.WriteString("timestamp", occurredAt.ToUniversalTime());
            json.WritePropertyName("data");
            json.WriteRawValue(payloadJson);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
