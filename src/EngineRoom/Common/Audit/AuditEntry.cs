using System.Security.Claims;
using System.Text.Json;
using EngineRoom.Customers.ApiKeys;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Common.Audit;

/// <summary>
/// One staff write: who (the account, or the API key that made it), when, what (action and subject), and the subject
/// before and after as JSON. Rows are only ever inserted: nothing in EngineRoom updates or deletes them.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; init; }
    public DateTimeOffset At { get; init; }
    public Guid? ActorId { get; init; }
    public string? ActorEmail { get; init; }
    /// <summary>The API key that made the write (then there is no actor account).</summary>
    public Guid? ApiKeyId { get; init; }
    public string Action { get; init; } = "";
    public string SubjectType { get; init; } = "";
    public string SubjectId { get; init; } = "";
    public string? Before { get; init; }
    public string? After { get; init; }
}

/// <summary>Records a staff write into the same unit of work as the write itself, so one is never saved without the other.</summary>
public static class AuditLog
{
    /// <param name="before">A DTO of the subject before the change (null when created).</param>
    /// <param name="after">A DTO of the subject after the change (null when deleted).</param>
    public static void Record(EngineRoomDb db, ClaimsPrincipal actor, string action, string subjectType, string subjectId,
        object? before, object? after, DateTimeOffset now) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = now,
            ActorId = Guid.TryParse(actor.FindFirst("sub")?.Value, out var id) ? id : null,
            ActorEmail = actor.FindFirst("email")?.Value,
            ApiKeyId = actor.TryGetApiKeyId(),
            Action = action, SubjectType = subjectType, SubjectId = subjectId,
            Before = before is null ? null : JsonSerializer.Serialize(before, JsonSerializerOptions.Web),
            After = after is null ? null : JsonSerializer.Serialize(after, JsonSerializerOptions.Web),
        });
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.ToTable("common_audit_entries");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.ActorEmail).HasMaxLength(254);
        entry.Property(e => e.Action).HasMaxLength(80);
        entry.Property(e => e.SubjectType).HasMaxLength(60);
        entry.Property(e => e.SubjectId).HasMaxLength(100);
        entry.HasIndex(e => new { e.SubjectType, e.SubjectId, e.Id });
        entry.HasIndex(e => new { e.ActorId, e.Id });
        entry.HasIndex(e => new { e.ApiKeyId, e.Id });
        entry.HasIndex(e => e.At);
    }
}
