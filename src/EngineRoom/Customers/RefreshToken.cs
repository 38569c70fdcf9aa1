using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Customers;

/// <summary>
/// One refresh token of a family (one sign-in). Only its SHA-256 is stored. Using it rotates it (UsedAt); presenting
/// a rotated token again means it leaked, so the whole family is revoked.
/// </summary>
public sealed class RefreshToken
{
    public Guid Id { get; init; }
    public Guid AccountId { get; init; }
    public Guid FamilyId { get; init; }
    public byte[] TokenHash { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? UsedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }
}

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> token)
    {
        token.ToTable("customers_refresh_tokens");
        token.HasKey(t => t.Id);
        token.Property(t => t.TokenHash).HasMaxLength(32);
        token.HasIndex(t => t.TokenHash).IsUnique();
        token.HasIndex(t => t.FamilyId);
        token.HasIndex(t => t.RevokedAt); // each instance polls "sessions ended since" (SessionValidity)
        token.HasOne<Account>().WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
