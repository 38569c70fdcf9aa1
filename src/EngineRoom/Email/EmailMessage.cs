using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Email;

public enum EmailStatus { Pending, Sent, Failed }

/// <summary>
/// One email to one recipient: which template, with what model (JSON), and where it stands. Rendered when it is sent, so
/// a template fixed meanwhile applies. A sender claims it by moving <see cref="NextAttemptAt"/> a lease ahead under its
/// own <see cref="ClaimToken"/>; only that sender may then record the outcome. Once sent, the model is erased (it may
/// hold a reset or verification link); recipient, template and times stay for staff.
/// </summary>
public sealed class EmailMessage
{
    public const int MaxKey = 400;

    public Guid Id { get; init; }
    /// <summary>Unique: the outbox message, template and recipient for order mail, so a repeated event never queues twice.</summary>
    public string DedupeKey { get; init; } = "";
    public string Template { get; init; } = "";
    public string Recipient { get; init; } = "";
    public string? RecipientName { get; init; }
    /// <summary>The template's values as a JSON object of strings; null once sent (or given up, for a message with a secret link).</summary>
    public string? Model { get; set; }
    /// <summary>The order it is about, if any (for staff).</summary>
    public Guid? OrderId { get; init; }
    public EmailStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public Guid? ClaimToken { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? SentAt { get; set; }

    public static EmailMessage Create(string dedupeKey, string template, string recipient, string? recipientName,
        IReadOnlyDictionary<string, string> model, Guid? orderId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now), DedupeKey = dedupeKey, Template = template, Recipient = recipient.Trim(),
        RecipientName = string.IsNullOrWhiteSpace(recipientName) ? null : recipientName.Trim(),
        Model = System.Text.Json.JsonSerializer.Serialize(model), OrderId = orderId, Status = EmailStatus.Pending, CreatedAt = now, NextAttemptAt = now,
    };

    public Dictionary<string, string> ReadModel() =>
        Model is null ? [] : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(Model) ?? [];
}

internal sealed class EmailMessageConfiguration : IEntityTypeConfiguration<EmailMessage>
{
    public void Configure(EntityTypeBuilder<EmailMessage> message)
    {
        message.ToTable("email_messages");
        message.HasKey(m => m.Id);
        message.Property(m => m.DedupeKey).HasMaxLength(EmailMessage.MaxKey);
        message.Property(m => m.Template).HasMaxLength(50);
        message.Property(m => m.Recipient).HasMaxLength(320);
        message.Property(m => m.RecipientName).HasMaxLength(200);
        message.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        message.Property(m => m.LastError).HasMaxLength(500);
        // Once per event, template and recipient, however often and by however many instances the outbox hands it over.
        message.HasIndex(m => m.DedupeKey).IsUnique();
        message.HasIndex(m => new { m.Status, m.NextAttemptAt });
        message.HasIndex(m => m.OrderId);
    }
}
