using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Webhooks;

internal static class GetWebhookEndpoint
{
    public static RouteHandlerBuilder MapGetWebhookEndpoint(this RouteGroupBuilder webhooks) =>
        webhooks.MapGet("/endpoints/{id:guid}", Handle).WithName(nameof(GetWebhookEndpoint))
            .WithSummary("Get a webhook endpoint");

    private static async Task<Results<Ok<WebhookEndpointDto>, NotFound>> Handle(Guid id, EngineRoomDb db, CancellationToken ct) =>
        await db.WebhookEndpoints.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct) is { } endpoint
            ? TypedResults.Ok(WebhookEndpointDto.From(endpoint))
            : TypedResults.NotFound();
}
