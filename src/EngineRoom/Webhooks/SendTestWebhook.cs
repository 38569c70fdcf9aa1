using System.Text.Json;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Webhooks;

/// <summary>
/// Sends a <c>webhook.test</c> to the endpoint now and answers with what the receiver did. It is in the delivery log
/// but never retried, and does not count towards the endpoint's health. A disabled endpoint is tested too, so a
/// receiver can be checked before it is turned (back) on.
/// </summary>
internal static class SendTestWebhook
{
    public const string Type = "webhook.test";

    public sealed record Data(Guid EndpointId, string Message);

    public static RouteHandlerBuilder MapSendTestWebhook(this RouteGroupBuilder webhooks) =>
        webhooks.MapPost("/endpoints/{id:guid}/test", Handle).WithName(nameof(SendTestWebhook))
            .WithSummary("Send a test event to an endpoint");

    private static async Task<Results<Ok<WebhookDeliveryDto>, NotFound>> Handle(Guid id, EngineRoomDb db, WebhookSender sender,
        IOptions<WebhookOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var endpoint = await db.WebhookEndpoints.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        var payload = JsonSerializer.Serialize(new Data(id, "A test delivery from EngineRoom."), JsonSerializerOptions.Web);
        var delivery = WebhookDelivery.For(id, null, Type, WebhookFanOut.Envelope(Type, now, payload), now);
        var claim = Guid.NewGuid();
        // Held by this request for the lease, so no background sender takes it meanwhile.
        delivery.ClaimToken = claim;
        delivery.NextAttemptAt = now.AddSeconds(options.Value.LeaseSeconds);
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(ct);

        var result = await sender.SendAsync(endpoint, delivery, ct);
        await DeliveryOutcomes.RecordAsync(db, delivery, claim, result, clock.GetUtcNow(), options.Value, retry: false, wasFailing: false, ct);
        var recorded = await db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.Id == delivery.Id, ct);
        var attempts = await db.WebhookAttempts.AsNoTracking().Where(a => a.DeliveryId == delivery.Id).ToListAsync(ct);
        return TypedResults.Ok(WebhookDeliveryDto.From(recorded, attempts));
    }
}
