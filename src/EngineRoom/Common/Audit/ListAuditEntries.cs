using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Common.Audit;

internal static class ListAuditEntries
{
    public sealed record Item(long Id, DateTimeOffset At, Guid? ActorId, string? ActorEmail, Guid? ApiKeyId, string Action, string SubjectType,
        string SubjectId, JsonElement? Before, JsonElement? After)
    {
        public static Item From(AuditEntry e) => new(e.Id, e.At, e.ActorId, e.ActorEmail, e.ApiKeyId, e.Action, e.SubjectType, e.SubjectId,
            Parse(e.Before), Parse(e.After));

        private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
    }

    public static RouteHandlerBuilder MapListAuditEntries(this RouteGroupBuilder audit) =>
        audit.MapGet("/", Handle).WithName(nameof(ListAuditEntries))
            .WithSummary("List audit entries: who changed what");

    // Newest first; ids only grow, so the last id shown is the cursor. Ids and times arrive as text and are parsed
    // here, so a malformed one is a 400 naming its field rather than a bare binding failure.
    private static async Task<Results<Ok<Page<Item>>, ProblemHttpResult>> Handle(
        [MaxLength(36)] string? actorId,
        [MaxLength(36)] string? apiKeyId,
        [MaxLength(60)] string? subjectType,
        [MaxLength(100)] string? subjectId,
        [MaxLength(80)] string? action,
        [MaxLength(40)] string? from,
        [MaxLength(40)] string? to,
        [Range(1, 100)] int? limit,
        [MaxLength(100)] string? cursor,
        EngineRoomDb db, CancellationToken ct)
    {
        Guid? actor = null;
        if (actorId is not null)
            if (Guid.TryParse(actorId, out var parsed)) actor = parsed;
            else return Problems.Validation("actorId", "The actor id is a GUID, such as the id of a staff account.");
        Guid? key = null;
        if (apiKeyId is not null)
            if (Guid.TryParse(apiKeyId, out var keyId)) key = keyId;
            else return Problems.Validation("apiKeyId", "The API key id is a GUID, as GET /admin/api-keys lists them.");
        if (!TryParseTime(from, out var since)) return Problems.Validation("from", "From is an ISO 8601 time with an offset, such as 2025-01-31T09:00:00Z.");
        if (!TryParseTime(to, out var until)) return Problems.Validation("to", "To is an ISO 8601 time with an offset, such as 2025-01-31T18:00:00Z.");
        if (since > until) return Problems.Validation("to", "To must not be before from.");
        if (!Cursor.TryDecode<long?>(cursor, out var before)) return Cursor.Invalid();
        if (subjectId is not null && subjectType is null) return Problems.Validation("subjectType", "Filtering by subject id needs the subject type too.");

        var entries = db.AuditEntries.AsNoTracking();
        if (actor is { } a) entries = entries.Where(e => e.ActorId == a);
        if (key is { } k) entries = entries.Where(e => e.ApiKeyId == k);
        if (subjectType is not null) entries = entries.Where(e => e.SubjectType == subjectType);
        if (subjectId is not null) entries = entries.Where(e => e.SubjectId == subjectId);
        if (action is not null) entries = entries.Where(e => e.Action == action);
        if (since is { } s) entries = entries.Where(e => e.At >= s);
        if (until is { } u) entries = entries.Where(e => e.At < u);
        if (before is { } id) entries = entries.Where(e => e.Id < id);
        var take = limit ?? 50;
        var rows = await entries.OrderByDescending(e => e.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Page.From(rows, take, Item.From, last => Cursor.Encode<long?>(last.Id)));
    }

    private static bool TryParseTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (text is null) return true;
        if (!DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)) return false;
        time = parsed.ToUniversalTime();
        return true;
    }
}
