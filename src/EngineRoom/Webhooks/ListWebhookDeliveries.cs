using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Webhooks;

/// <summary>The delivery log of an endpoint, newest first, each delivery with its attempts; by event, type or status.</summary>
internal static class ListWebhookDeliveries
{
    public static RouteHandlerBuilder MapListWebhookDeliveries(this RouteGroupBuilder webhooks) =>
        webhooks.MapGet("/endpoints/{id:guid}/deliveries", Handle).WithName(nameof(ListWebhookDeliveries))
            .WithSummary("List an endpoint's deliveries (the delivery log)");

    private static async Task<Results<Ok<Page<WebhookDeliveryDto>>, NotFound, ProblemHttpResult>> Handle(Guid id,
        [MaxLength(36)] string? eventId, [MaxLength(100)] string? eventType, [MaxLength(20)] string? status,
        [Range(1, 100)] int? limit, [MaxLength(100)] string? cursor, EngineRoomDb db, CancellationToken ct)
    {
        Guid? message = null;
        if (eventId is not null)
            if (Guid.TryParse(eventId, out var parsed)) message = parsed;
            else return Problems.Validation("eventId", "The event id is a GUID, the id of an event in a delivery.");
        DeliveryStatus? state = null;
        if (status is not null)
            if (Enum.TryParse<DeliveryStatus>(status, ignoreCase: true, out var s) && !int.TryParse(status, out _)) state = s;
            else return Problems.Validation("status", "The status is pending, delivered or failed.");
        if (!Cursor.TryDecode<Guid?>(cursor, out var before)) return Cursor.Invalid();
        if (!await db.WebhookEndpoints.AnyAsync(e => e.Id == id, ct)) return TypedResults.NotFound();

        var deliveries = db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == id);
        if (message is { } m) deliveries = deliveries.Where(d => d.MessageId == m);
        if (eventType is not null) deliveries = deliveries.Where(d => d.EventType == eventType);
        if (state is { } st) deliveries = deliveries.Where(d => d.Status == st);
        if (before is { } b) deliveries = deliveries.Where(d => d.Id.CompareTo(b) < 0);
        var take = limit ?? 50;
        var rows = await deliveries.OrderByDescending(d => d.Id).Take(take + 1).ToListAsync(ct);
        var ids = rows.Select(d => d.Id).ToList();
        var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(ct)).ToLookup(a => a.DeliveryId);
        return TypedResults.Ok(Page.From(rows, take, d => WebhookDeliveryDto.From(d, attempts[d.Id]), d => Cursor.Encode<Guid?>(d.Id)));
    }
}
