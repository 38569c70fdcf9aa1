using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers.ApiKeys;

internal static class GetApiKey
{
    public static RouteHandlerBuilder MapGetApiKey(this RouteGroupBuilder apiKeys) =>
        apiKeys.MapGet("/{id:guid}", Handle).WithName(nameof(GetApiKey))
            .WithSummary("Get an API key's details (never the key)");

    private static async Task<Results<Ok<ApiKeyDto>, NotFound>> Handle(Guid id, EngineRoomDb db, CancellationToken ct) =>
        await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id, ct) is { } key
            ? TypedResults.Ok(ApiKeyDto.From(key))
            : TypedResults.NotFound();
}
