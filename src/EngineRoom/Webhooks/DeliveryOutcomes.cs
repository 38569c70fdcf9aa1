using EngineRoom.Common.Outbox;
using EngineRoom.Data;
using EngineRoom.Events;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Webhooks;

/// <summary>
/// Writes what an attempt got, in one transaction: the attempt row; the delivery delivered, retried later or given up
/// (only by the sender holding its claim); and the endpoint's health: its failing streak, and disabling it after a
/// 410 Gone or <see cref="WebhookOptions.DisableAfterDays"/> of failures, with the event that says so (written once:
/// the disabling UPDATE is conditional).
/// </summary>
internal static class DeliveryOutcomes
{
    /// <param name="wasFailing">Whether the endpoint had a failing streak when the delivery was claimed: a success then ends it.</param>
    public static Task RecordAsync(EngineRoomDb db, WebhookDelivery delivery, Guid claim, SendResult result, DateTimeOffset now,
        WebhookOptions options, bool retry, bool wasFailing, CancellationToken ct) => db.InTransactionAsync(async () =>
    {
        var number = delivery.Attempts + 1;
        var gone = result.StatusCode == StatusCodes.Status410Gone;
        var next = result.Succeeded || gone || !retry ? null : RetrySchedule.After(number, result.RetryAfter);
        var status = result.Succeeded ? DeliveryStatus.Delivered : next is null ? DeliveryStatus.Failed : DeliveryStatus.Pending;
        DateTimeOffset? deliveredAt = result.Succeeded ? now : null;
        var updated = await db.WebhookDeliveries.Where(d => d.Id == delivery.Id && d.ClaimToken == claim).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, status).SetProperty(d => d.Attempts, number).SetProperty(d => d.LastAttemptAt, now)
            .SetProperty(d => d.NextAttemptAt, now + (next ?? TimeSpan.Zero)).SetProperty(d => d.ClaimToken, (Guid?)null)
            .SetProperty(d => d.DeliveredAt, deliveredAt), ct);
        // Our claim ended (the lease ran out and another sender took it over): the attempt still happened, so it is logged.
        // The endpoint was deleted meanwhile: there is nothing left to log it in.
        if (updated == 0 && !await db.WebhookDeliveries.AnyAsync(d => d.Id == delivery.Id, ct)) return 0;
        db.WebhookAttempts.Add(new WebhookAttempt
        {
            DeliveryId = delivery.Id, EndpointId = delivery.EndpointId, Number = number, At = now, StatusCode = result.StatusCode,
            LatencyMs = result.LatencyMs, Response = result.Response, Error = result.Error,
        });
        if (retry && (wasFailing || !result.Succeeded)) await EndpointHealthAsync(db, delivery.EndpointId, result, now, options, ct);
        return 0;
    }, rollback: _ => false, ct);

    private static async Task EndpointHealthAsync(EngineRoomDb db, Guid endpointId, SendResult result, DateTimeOffset now, WebhookOptions options, CancellationToken ct)
    {
        var endpoints = db.WebhookEndpoints.Where(e => e.Id == endpointId);
        if (result.Succeeded)
        {
            await endpoints.Where(e => e.FailingSince != null).ExecuteUpdateAsync(s => s.SetProperty(e => e.FailingSince, (DateTimeOffset?)null), ct);
            return;
        }
        await endpoints.Where(e => e.FailingSince == null).ExecuteUpdateAsync(s => s.SetProperty(e => e.FailingSince, now), ct);
        var gone = result.StatusCode == StatusCodes.Status410Gone;
        var cutoff = now - TimeSpan.FromDays(options.DisableAfterDays);
        var since = await endpoints.Select(e => e.FailingSince).SingleOrDefaultAsync(ct);
        if (!gone && !(since <= cutoff)) return;
        var reason = gone ? "gone" : "failing";
        var disabled = await endpoints.Where(e => e.Enabled).ExecuteUpdateAsync(s => s.SetProperty(e => e.Enabled, false)
            .SetProperty(e => e.DisabledReason, reason).SetProperty(e => e.UpdatedAt, now), ct);
        if (disabled == 1) db.OutboxMessages.Add(OutboxMessage.Create(new WebhookEndpointDisabled(endpointId, reason, since, now), now));
    }
}
