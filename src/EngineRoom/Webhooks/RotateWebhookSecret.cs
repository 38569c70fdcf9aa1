using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Webhooks;

/// <summary>
/// A new signing secret, shown in this answer only. The current one goes on signing beside it for
/// <c>overlapHours</c> (default <c>Webhooks:RotationOverlapHours</c>; 0 retires it at once), so the receiver can switch
/// without losing a delivery: each webhook then carries two signatures.
/// </summary>
internal static class RotateWebhookSecret
{
    public sealed record Request([Range(0, 24 * 30)] double? OverlapHours);

    public static RouteHandlerBuilder MapRotateWebhookSecret(this RouteGroupBuilder admin) =>
        admin.MapPost("/endpoints/{id:guid}/rotate-secret", Handle).WithName(nameof(RotateWebhookSecret))
            .WithSummary("Rotate an endpoint's signing secret");

    private static async Task<Results<Ok<EndpointSecretDto>, NotFound>> Handle(Guid id, Request? request, ClaimsPrincipal user, EngineRoomDb db,
        WebhookSecrets secrets, IOptions<WebhookOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null) return TypedResults.NotFound();
        var before = WebhookEndpointDto.From(endpoint);
        var now = clock.GetUtcNow();
        var (shown, sealedSecret) = secrets.Create(id);
        endpoint.Rotate(sealedSecret, TimeSpan.FromHours(request?.OverlapHours ?? options.Value.RotationOverlapHours), now);
        var after = WebhookEndpointDto.From(endpoint);
        AuditLog.Record(db, user, "webhook_endpoint.rotate_secret", "webhook_endpoint", id.ToString(), before, after, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new EndpointSecretDto(after, shown));
    }
}
