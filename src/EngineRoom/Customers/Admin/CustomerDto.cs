using EngineRoom.Customers.Addresses;

namespace EngineRoom.Customers.Admin;

public sealed record CustomerDto(Guid Id, string Email, string Name, DateTimeOffset CreatedAt, bool EmailVerified, bool Disabled, bool Erased)
{
    public static CustomerDto From(Account a) => new(a.Id, a.Email, a.Name, a.CreatedAt, a.EmailVerifiedAt is not null, a.IsDisabled, a.IsErased);
}

public sealed record CustomerDetailDto(CustomerDto Customer, string? Phone, bool MarketingConsent, DateTimeOffset? MarketingConsentChangedAt,
    IReadOnlyList<AddressDto> Addresses, CustomerOrdersSummary Orders);

/// <summary>What a customer's audit entries hold: ids and states, never the personal data an erasure must be able to remove.</summary>
internal sealed record CustomerAuditState(Guid Id, bool Disabled, bool Erased)
{
    public static CustomerAuditState From(Account a) => new(a.Id, a.IsDisabled, a.IsErased);
}
