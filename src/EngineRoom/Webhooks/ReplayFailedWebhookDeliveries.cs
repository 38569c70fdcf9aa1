using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Webhooks;

/// <summary>
/// After an outage: every delivery of the endpoint created since <c>since</c> that failed for good, or is waiting
/// for a retry after a failure, is due again now (one more attempt for the former, the schedule goes on for the latter).
/// </summary>
internal static class ReplayFailedWebhookDeliveries
{
    public sealed record Request([Required] DateTimeOffset? Since);
    public sealed record Response(int Replayed);

    public static RouteHandlerBuilder MapReplayFailedWebhookDeliveries(this RouteGroupBuilder webhooks) =>
        webhooks.MapPost("/endpoints/{id:guid}/replay-failed", Handle).WithName(nameof(ReplayFailedWebhookDeliveries))
            .WithSummary("Send an endpoint's failed deliveries again");

    private static async Task<Results<Accepted<Response>, NotFound, ProblemHttpResult>> Handle(Guid id, Request request, ClaimsPrincipal user,
        EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        var endpoint = await db.WebhookEndpoints.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null) return TypedResults.NotFound();
        if (!endpoint.Enabled) return Problems.Conflict("endpoint_disabled", "The endpoint is disabled: enable it first (PATCH enabled: true), then replay.");
        var now = clock.GetUtcNow();
        var since = request.Since!.Value.ToUniversalTime();
        if (since > now) return Problems.Validation("since", "Since must not be in the future.");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var replayed = await db.WebhookDeliveries
            .Where(d => d.EndpointId == id && d.CreatedAt >= since && d.MessageId != null
                        && (d.Status == DeliveryStatus.Failed || (d.Status == DeliveryStatus.Pending && d.Attempts > 0 && d.ClaimToken == null)))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Pending).SetProperty(d => d.NextAttemptAt, now), ct);
        AuditLog.Record(db, user, "webhook_endpoint.replay_failed", "webhook_endpoint", id.ToString(), null, new { since, replayed }, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Accepted($"/admin/webhooks/endpoints/{id}/deliveries", new Response(replayed));
    }
}
