using EngineRoom.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Webhooks;

/// <summary>
/// A receiver's URL, the event types it asked for and its signing secrets (sealed at rest: <see cref="WebhookSecrets"/>).
/// During a rotation the previous secret signs too, until <see cref="PreviousSecretExpiresAt"/>.
/// </summary>
public sealed class WebhookEndpoint
{
    public Guid Id { get; init; }
    public string Url { get; private set; } = "";
    public string? Description { get; private set; }
    /// <summary>Event type names, space-separated (a name never holds a space).</summary>
    public string EventTypes { get; private set; } = "";
    public bool Enabled { get; private set; }
    /// <summary>Why EngineRoom disabled it (<c>gone</c>, <c>failing</c>); null when enabled or disabled by staff.</summary>
    public string? DisabledReason { get; private set; }
    /// <summary>The first failure since the last success; null while it answers.</summary>
    public DateTimeOffset? FailingSince { get; private set; }
    public byte[] Secret { get; private set; } = [];
    public byte[]? PreviousSecret { get; private set; }
    public DateTimeOffset? PreviousSecretExpiresAt { get; private set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<string> Types => EventTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    public bool Wants(string type) => Types.Contains(type, StringComparer.Ordinal);

    public static WebhookEndpoint Create(Guid id, string url, string? description, IEnumerable<string> types, bool enabled, byte[] sealedSecret, DateTimeOffset now) =>
        new() { Id = id, Url = url, Description = description, EventTypes = Join(types), Enabled = enabled, Secret = sealedSecret, CreatedAt = now, UpdatedAt = now };

    public void Change(string? url, string? description, IEnumerable<string>? types, bool? enabled, DateTimeOffset now)
    {
        if (url is not null) Url = url;
        if (description is not null) Description = description.Length == 0 ? null : description;
        if (types is not null) EventTypes = Join(types);
        if (enabled is { } on && on != Enabled)
        {
            Enabled = on;
            DisabledReason = null;
            FailingSince = null; // turned back on: the 5 days start again at its next failure
        }
        UpdatedAt = now;
    }

    /// <summary>The new secret signs from now on; the current one goes on signing beside it until the overlap ends.</summary>
    public void Rotate(byte[] sealedSecret, TimeSpan overlap, DateTimeOffset now)
    {
        (PreviousSecret, PreviousSecretExpiresAt) = overlap > TimeSpan.Zero ? (Secret, now + overlap) : ((byte[]?)null, (DateTimeOffset?)null);
        Secret = sealedSecret;
        UpdatedAt = now;
    }

    private static string Join(IEnumerable<string> types) => string.Join(' ', types.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
}

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> endpoint)
    {
        endpoint.ToTable("webhooks_endpoints");
        endpoint.HasKey(e => e.Id);
        endpoint.Property(e => e.Url).HasMaxLength(WebhookUrls.MaxLength);
        endpoint.Property(e => e.Description).HasMaxLength(500);
        endpoint.Property(e => e.EventTypes).HasMaxLength(4000);
        endpoint.Property(e => e.DisabledReason).HasMaxLength(20);
        endpoint.Ignore(e => e.Types);
        endpoint.HasIndex(e => e.Enabled);
    }
}
