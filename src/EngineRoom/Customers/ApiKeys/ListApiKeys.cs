using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers.ApiKeys;

internal static class ListApiKeys
{
    public static RouteHandlerBuilder MapListApiKeys(this RouteGroupBuilder apiKeys) =>
        apiKeys.MapGet("/", Handle).WithName(nameof(ListApiKeys))
            .WithSummary("List API keys");

    // Newest first, revoked ones included; ids are version 7 GUIDs, so the id alone orders them and is the cursor.
    private static async Task<Results<Ok<Page<ApiKeyDto>>, ProblemHttpResult>> Handle(
        EngineRoomDb db, [Range(1, 100)] int? limit, string? cursor, CancellationToken ct)
    {
        if (!Cursor.TryDecode<Guid?>(cursor, out var before)) return Cursor.Invalid();
        var take = limit ?? 50;
        var keys = db.ApiKeys.AsNoTracking();
        if (before is { } last) keys = keys.Where(k => k.Id.CompareTo(last) < 0);
        var rows = await keys.OrderByDescending(k => k.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Page.From(rows, take, ApiKeyDto.From, k => Cursor.Encode<Guid?>(k.Id)));
    }
}
