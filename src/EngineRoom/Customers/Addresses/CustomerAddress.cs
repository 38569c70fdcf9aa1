using EngineRoom.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Customers.Addresses;

/// <summary>A saved address of a customer's address book; at most one is the default shipping and one the default billing address.</summary>
public sealed class CustomerAddress
{
    public const int MaxPerCustomer = 50;

    public Guid Id { get; private set; }
    public Guid AccountId { get; private set; }
    public string? Label { get; private set; }
    public Address Address { get; private set; } = null!;
    public bool IsDefaultShipping { get; private set; }
    public bool IsDefaultBilling { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    private CustomerAddress() { }

    public static CustomerAddress Create(Guid accountId, string? label, Address address, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now), AccountId = accountId, Label = label?.Trim(), Address = address, CreatedAt = now, UpdatedAt = now,
    };

    public void Replace(string? label, Address address, DateTimeOffset now) => (Label, Address, UpdatedAt) = (label?.Trim(), address, now);

    /// <summary>Marks this one; the caller clears the flag on the customer's other addresses in the same transaction.</summary>
    public void MakeDefault(bool shipping, bool billing)
    {
        if (shipping) IsDefaultShipping = true;
        if (billing) IsDefaultBilling = true;
    }

    public AddressDto ToDto() => new(Id, Label, Address, IsDefaultShipping, IsDefaultBilling, CreatedAt, UpdatedAt);
}

public sealed record AddressDto(Guid Id, string? Label, Address Address, bool DefaultShipping, bool DefaultBilling,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed class CustomerAddressConfiguration : IEntityTypeConfiguration<CustomerAddress>
{
    public void Configure(EntityTypeBuilder<CustomerAddress> address)
    {
        address.ToTable("customers_addresses");
        address.HasKey(a => a.Id);
        address.Property(a => a.Label).HasMaxLength(50);
        address.OwnsOne(a => a.Address, a => a.ToJson("address"));
        address.HasIndex(a => new { a.AccountId, a.Id });
        // One default of each kind per customer, held by the database under concurrent edits (the filter reads the same on both providers).
        address.HasIndex(a => a.AccountId, "IX_customers_addresses_default_shipping").IsUnique().HasFilter("\"IsDefaultShipping\"");
        address.HasIndex(a => a.AccountId, "IX_customers_addresses_default_billing").IsUnique().HasFilter("\"IsDefaultBilling\"");
        address.HasOne<Account>().WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
