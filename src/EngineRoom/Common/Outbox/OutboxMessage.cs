using EngineRoom.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Common.Outbox;

/// <summary>
/// An event written in the same transaction as the change it describes (the outbox), so an event is published if and
/// only if its change was committed. Webhooks and analytics read from here.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; }
    public string Type { get; init; } = "";
    public string Payload { get; init; } = "";
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset? DispatchedAt { get; init; }
    /// <summary>Times a dispatcher has taken it; one that keeps failing stops being retried at <see cref="OutboxDispatcher.MaxAttempts"/>.</summary>
    public int Attempts { get; init; }
    /// <summary>The dispatcher run that holds it, until <see cref="ClaimedUntil"/>; after that another may take it.</summary>
    public Guid? ClaimToken { get; init; }
    public DateTimeOffset? ClaimedUntil { get; init; }

    /// <summary>The message of one event of the catalogue (src/EngineRoom/Events): its name is the type, its record the payload.</summary>
    public static OutboxMessage Create<T>(T @event, DateTimeOffset now) where T : IIntegrationEvent => new()
    {
        Id = Guid.CreateVersion7(now), Type = T.Name, OccurredAt = now,
        Payload = System.Text.Json.JsonSerializer.Serialize(@event, IntegrationEvents.Json),
    };

    /// <summary>Messages as one statement of the caller's batch (checkout's record), committed with its change.</summary>
    public static void Append(Data.SqlBatch batch, IReadOnlyList<OutboxMessage> messages) =>
        batch.Add($"""
            INSERT INTO common_outbox_messages ("Id", "Type", "Payload", "OccurredAt", "Attempts") VALUES {Data.SqlBatch.Rows(messages.Count, 5)}
            """, messages.SelectMany(m => new object?[] { m.Id, m.Type, m.Payload, m.OccurredAt, 0 }).ToArray());
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        message.ToTable("common_outbox_messages");
        message.HasKey(m => m.Id);
        message.Property(m => m.Type).HasMaxLength(100);
        message.HasIndex(m => new { m.DispatchedAt, m.OccurredAt });
    }
}
