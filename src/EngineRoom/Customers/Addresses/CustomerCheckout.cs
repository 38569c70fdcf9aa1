using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Customers.Addresses;

/// <summary>
/// What a checkout asks of Customers before it starts: whether this caller may check out (a verified email, when
/// <c>Customers:RequireVerifiedEmailForCheckout</c> says so), and the address to ship to when the request names a saved
/// one. Costs no query when neither applies.
/// </summary>
public sealed class CustomerCheckout(EngineRoomDb db, IOptions<CustomerOptions> options)
{
    /// <param name="Address">The address to ship to: the saved one named, else the one the request carried.</param>
    /// <param name="Refusal">Set when the checkout must not go on: answer it as it is.</param>
    public sealed record Prepared(Address? Address, ProblemHttpResult? Refusal);

    public async Task<Prepared> PrepareAsync(ClaimsPrincipal user, Guid? addressId, Address? given, CancellationToken ct)
    {
        var customer = user.TryGetAccountId();
        if (options.Value.RequireVerifiedEmailForCheckout && customer is { } id && user.IsInRole(Roles.Customer)
            && !await db.Accounts.AnyAsync(a => a.Id == id && a.EmailVerifiedAt != null, ct))
            return new(null, Problems.Create(StatusCodes.Status403Forbidden, "email_not_verified",
                "Verify this account's email before checking out: use the link we sent, or ask for a new one (POST /store/me/email/verification)."));
        if (addressId is not { } wanted) return new(given, null);
        if (customer is null) return new(null, Problems.Validation("shippingAddressId", "Sign in to ship to a saved address, or send the address itself."));
        var saved = await db.CustomerAddresses.AsNoTracking().SingleOrDefaultAsync(a => a.Id == wanted && a.AccountId == customer, ct);
        return saved is null
            ? new(null, Problems.Create(StatusCodes.Status422UnprocessableEntity, "address_not_found", "No saved address of yours has this id."))
            : new(saved.Address, null);
    }
}
