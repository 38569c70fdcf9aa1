using System.Security.Claims;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Webhooks;

/// <summary>Removes an endpoint with its deliveries and their log (cascade); nothing more is sent to it.</summary>
internal static class DeleteWebhookEndpoint
{
    public static RouteHandlerBuilder MapDeleteWebhookEndpoint(this RouteGroupBuilder admin) =>
        admin.MapDelete("/endpoints/{id:guid}", Handle).WithName(nameof(DeleteWebhookEndpoint))
            .WithSummary("Delete a webhook endpoint");

    private static async Task<Results<NoContent, NotFound>> Handle(Guid id, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null) return TypedResults.NotFound();
        db.WebhookEndpoints.Remove(endpoint);
        AuditLog.Record(db, user, "webhook_endpoint.delete", "webhook_endpoint", id.ToString(), WebhookEndpointDto.From(endpoint), null, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
