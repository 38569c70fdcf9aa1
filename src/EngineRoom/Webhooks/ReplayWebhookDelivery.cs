using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Webhooks;

/// <summary>
/// Sends a delivery again, whatever became of it: same <c>webhook-id</c>, same body, a fresh timestamp and signature.
/// It is due at once and the next sender round takes it (within <c>Webhooks:PollSeconds</c>). A delivery that had used up
/// its retries gets this one attempt; one still being retried carries on with its schedule.
/// </summary>
internal static class ReplayWebhookDelivery
{
    public static RouteHandlerBuilder MapReplayWebhookDelivery(this RouteGroupBuilder webhooks) =>
        webhooks.MapPost("/deliveries/{deliveryId:guid}/replay", Handle).WithName(nameof(ReplayWebhookDelivery))
            .WithSummary("Send a delivery again");

    private static async Task<Results<Accepted<WebhookDeliveryDto>, NotFound, ProblemHttpResult>> Handle(Guid deliveryId, ClaimsPrincipal user,
        EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        var delivery = await db.WebhookDeliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == deliveryId, ct);
        if (delivery is null) return TypedResults.NotFound();
        if (!await db.WebhookEndpoints.AnyAsync(e => e.Id == delivery.EndpointId && e.Enabled, ct))
            return Problems.Conflict("endpoint_disabled", "The delivery's endpoint is disabled: enable it first (PATCH enabled: true), then replay.");

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Not while a sender holds it: that attempt's outcome is recorded first.
        var replayed = await db.WebhookDeliveries.Where(d => d.Id == deliveryId && (d.ClaimToken == null || d.NextAttemptAt <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Pending).SetProperty(d => d.NextAttemptAt, now)
                .SetProperty(d => d.ClaimToken, (Guid?)null), ct);
        if (replayed == 0) return Problems.Conflict("delivery_in_flight", "The delivery is being sent right now; look at its log in a moment.");
        AuditLog.Record(db, user, "webhook_delivery.replay", "webhook_delivery", deliveryId.ToString(), null, null, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var current = await db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.Id == deliveryId, ct);
        var attempts = await db.WebhookAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).ToListAsync(ct);
        return TypedResults.Accepted($"/admin/webhooks/endpoints/{delivery.EndpointId}/deliveries?eventId={delivery.MessageId}", WebhookDeliveryDto.From(current, attempts));
    }
}
