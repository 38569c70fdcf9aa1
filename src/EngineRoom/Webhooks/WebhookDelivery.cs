using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Webhooks;

public enum DeliveryStatus { Pending, Delivered, Failed }

/// <summary>
/// One event for one endpoint: its <see cref="WebhookId"/> (the <c>webhook-id</c> header, the same on every attempt)
/// and the exact body sent each time. A sender claims it by moving <see cref="NextAttemptAt"/> a lease ahead under its
/// own <see cref="ClaimToken"/>; only that sender may then record the outcome.
/// </summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; init; }
    public Guid EndpointId { get; init; }
    /// <summary>The outbox message it carries; null for a test send.</summary>
    public Guid? MessageId { get; init; }
    public string EventType { get; init; } = "";
    public string Body { get; init; } = "";
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public Guid? ClaimToken { get; set; }

    public string WebhookId => $"msg_{Id:N}";

    public static WebhookDelivery For(Guid endpointId, Guid? messageId, string type, string body, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now), EndpointId = endpointId, MessageId = messageId, EventType = type, Body = body,
        Status = DeliveryStatus.Pending, CreatedAt = now, NextAttemptAt = now,
    };
}

/// <summary>One try of a delivery: when, the receiver's status (null when no answer came), how long, the first 1 KB of the answer or the error.</summary>
public sealed class WebhookAttempt
{
    public long Id { get; init; }
    public Guid DeliveryId { get; init; }
    public Guid EndpointId { get; init; }
    public int Number { get; init; }
    public DateTimeOffset At { get; init; }
    public int? StatusCode { get; init; }
    public int LatencyMs { get; init; }
    public string? Response { get; init; }
    public string? Error { get; init; }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>, IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> delivery)
    {
        delivery.ToTable("webhooks_deliveries");
        delivery.HasKey(d => d.Id);
        delivery.Property(d => d.EventType).HasMaxLength(100);
        delivery.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        delivery.Ignore(d => d.WebhookId);
        // One delivery per event and endpoint however often the outbox hands the event over (at least once).
        delivery.HasIndex(d => new { d.EndpointId, d.MessageId }).IsUnique();
        delivery.HasIndex(d => new { d.EndpointId, d.Status, d.NextAttemptAt });
        delivery.HasIndex(d => new { d.EndpointId, d.CreatedAt });
        delivery.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<WebhookAttempt> attempt)
    {
        attempt.ToTable("webhooks_attempts");
        attempt.HasKey(a => a.Id);
        attempt.Property(a => a.Response).HasMaxLength(WebhookSender.ResponseChars);
        attempt.Property(a => a.Error).HasMaxLength(500);
        attempt.HasIndex(a => new { a.DeliveryId, a.Number });
        attempt.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}
