using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Webhooks;

internal static class ListWebhookEndpoints
{
    public static RouteHandlerBuilder MapListWebhookEndpoints(this RouteGroupBuilder webhooks) =>
        webhooks.MapGet("/endpoints", Handle).WithName(nameof(ListWebhookEndpoints))
            .WithSummary("List webhook endpoints");

    // Oldest first; ids are version-7 GUIDs, so they grow with time and the last one shown is the cursor.
    private static async Task<Results<Ok<Page<WebhookEndpointDto>>, ProblemHttpResult>> Handle(
        [Range(1, 100)] int? limit, [MaxLength(100)] string? cursor, EngineRoomDb db, CancellationToken ct)
    {
        if (!Cursor.TryDecode<Guid?>(cursor, out var after)) return Cursor.Invalid();
        var endpoints = db.WebhookEndpoints.AsNoTracking();
        if (after is { } last) endpoints = endpoints.Where(e => e.Id.CompareTo(last) > 0);
        var take = limit ?? 50;
        var rows = await endpoints.OrderBy(e => e.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Page.From(rows, take, WebhookEndpointDto.From, e => Cursor.Encode<Guid?>(e.Id)));
    }
}
