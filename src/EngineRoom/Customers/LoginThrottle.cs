using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Customers;

/// <summary>
/// Failed sign-ins per email, kept whether or not an account has that email, so lockout answers the same for a
/// stranger's email as for a customer's and does not reveal who is registered.
/// </summary>
public sealed class LoginThrottle
{
    public string NormalizedEmail { get; init; } = "";
    public int Failures { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
}

internal sealed class LoginThrottleConfiguration : IEntityTypeConfiguration<LoginThrottle>
{
    public void Configure(EntityTypeBuilder<LoginThrottle> throttle)
    {
        throttle.ToTable("customers_login_throttles");
        throttle.HasKey(t => t.NormalizedEmail);
        throttle.Property(t => t.NormalizedEmail).HasMaxLength(254);
    }
}
