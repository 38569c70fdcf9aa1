using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Email;

/// <summary>The outgoing messages, newest first, by status or order: what was sent when, what is waiting, what failed and why. Never a model.</summary>
internal static class ListEmailMessages
{
    public sealed record EmailMessageDto(Guid Id, string Template, string Recipient, Guid? OrderId, string Status, int Attempts,
        DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? SentAt, string? LastError);

    public static RouteHandlerBuilder MapListEmailMessages(this RouteGroupBuilder email) =>
        email.MapGet("/messages", Handle).WithName(nameof(ListEmailMessages))
            .WithSummary("Lists outgoing email messages and their delivery state (staff)");

    private static async Task<Results<Ok<Page<EmailMessageDto>>, ProblemHttpResult>> Handle([MaxLength(20)] string? status, Guid? orderId,
        [Range(1, 100)] int? limit, [MaxLength(100)] string? cursor, EngineRoomDb db, CancellationToken ct)
    {
        EmailStatus? state = null;
        if (status is not null)
            if (Enum.TryParse<EmailStatus>(status, ignoreCase: true, out var s) && !int.TryParse(status, out _)) state = s;
            else return Problems.Validation("status", "The status is pending, sent or failed.");
        if (!Cursor.TryDecode<Guid?>(cursor, out var before)) return Cursor.Invalid();

        var messages = db.EmailMessages.AsNoTracking();
        if (state is { } st) messages = messages.Where(m => m.Status == st);
        if (orderId is { } order) messages = messages.Where(m => m.OrderId == order);
        if (before is { } b) messages = messages.Where(m => m.Id.CompareTo(b) < 0);
        var take = limit ?? 50;
        var rows = await messages.OrderByDescending(m => m.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Page.From(rows, take, m => new EmailMessageDto(m.Id, m.Template, m.Recipient, m.OrderId,
            m.Status.ToString().ToLowerInvariant(), m.Attempts, m.CreatedAt, m.Status == EmailStatus.Pending ? m.NextAttemptAt : null, m.SentAt, m.LastError),
            m => Cursor.Encode<Guid?>(m.Id)));
    }
}
