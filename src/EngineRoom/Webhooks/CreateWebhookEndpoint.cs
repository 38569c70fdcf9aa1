using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Audit;
using EngineRoom.Data;

namespace EngineRoom.Webhooks;

/// <summary>Registers a receiver. Its signing secret is in this answer and in no other (rotate to get a new one).</summary>
internal static class CreateWebhookEndpoint
{
    public sealed record Request(
        [Required, MaxLength(WebhookUrls.MaxLength)] string Url,
        [MaxLength(500)] string? Description,
        [Required, MinLength(1), MaxLength(50), NoNullItems] List<string> EventTypes,
        bool? Enabled);

    public static RouteHandlerBuilder MapCreateWebhookEndpoint(this RouteGroupBuilder admin) =>
        admin.MapPost("/endpoints", Handle).WithName(nameof(CreateWebhookEndpoint))
            .WithSummary("Register a webhook endpoint (its secret is shown once)");

    private static async Task<Results<Created<EndpointSecretDto>, ProblemHttpResult>> Handle(
        Request request, ClaimsPrincipal user, EngineRoomDb db, WebhookUrls urls, WebhookSecrets secrets, TimeProvider clock, CancellationToken ct)
    {
        if (ListWebhookEventTypes.Problem(request.EventTypes) is { } badTypes) return badTypes;
        var (problem, url) = await urls.CheckAsync(request.Url, ct);
        if (problem is not null) return Problems.Validation("url", problem);

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var (shown, sealedSecret) = secrets.Create(id);
        var endpoint = WebhookEndpoint.Create(id, url, request.Description, request.EventTypes, request.Enabled ?? true, sealedSecret, now);
        db.WebhookEndpoints.Add(endpoint);
        var created = WebhookEndpointDto.From(endpoint);
        AuditLog.Record(db, user, "webhook_endpoint.create", "webhook_endpoint", id.ToString(), null, created, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/admin/webhooks/endpoints/{id}", new EndpointSecretDto(created, shown));
    }
}
