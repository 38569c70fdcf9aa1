using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Webhooks;

/// <summary>Changes what is sent (fields left out stay); <c>enabled: true</c> turns an endpoint back on after it was disabled.</summary>
internal static class UpdateWebhookEndpoint
{
    public sealed record Request(
        [MaxLength(WebhookUrls.MaxLength)] string? Url,
        [MaxLength(500)] string? Description,
        [MinLength(1), MaxLength(50), NoNullItems] List<string>? EventTypes,
        bool? Enabled);

    public static RouteHandlerBuilder MapUpdateWebhookEndpoint(this RouteGroupBuilder admin) =>
        admin.MapPatch("/endpoints/{id:guid}", Handle).WithName(nameof(UpdateWebhookEndpoint))
            .WithSummary("Change a webhook endpoint");

    private static async Task<Results<Ok<WebhookEndpointDto>, NotFound, ProblemHttpResult>> Handle(
        Guid id, Request request, ClaimsPrincipal user, EngineRoomDb db, WebhookUrls urls, TimeProvider clock, CancellationToken ct)
    {
        if (ListWebhookEventTypes.Problem(request.EventTypes) is { } badTypes) return badTypes;
        var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null) return TypedResults.NotFound();
        string? url = null;
        if (request.Url is not null)
        {
            (var problem, url) = await urls.CheckAsync(request.Url, ct);
            if (problem is not null) return Problems.Validation("url", problem);
        }

        var before = WebhookEndpointDto.From(endpoint);
        var now = clock.GetUtcNow();
        endpoint.Change(url, request.Description, request.EventTypes, request.Enabled, now);
        var after = WebhookEndpointDto.From(endpoint);
        AuditLog.Record(db, user, "webhook_endpoint.update", "webhook_endpoint", id.ToString(), before, after, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(after);
    }
}
