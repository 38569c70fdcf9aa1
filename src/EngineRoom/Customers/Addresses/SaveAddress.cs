using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers.Addresses;

/// <summary>Adds an address to the signed-in customer's book (POST), or replaces one (PUT). The first address becomes both defaults.</summary>
internal static class SaveAddress
{
    /// <param name="DefaultShipping">Make it the default shipping address (the previous default stops being one).</param>
    public sealed record Request([MaxLength(50), PlainText] string? Label, [Required] Address Address, bool DefaultShipping = false, bool DefaultBilling = false);

    public static RouteHandlerBuilder MapCreateAddress(this RouteGroupBuilder me) =>
        me.MapPost("/me/addresses", Create).WithName("CreateAddress").WithSummary("Saves a new address, optionally as the default for shipping or billing");

    public static RouteHandlerBuilder MapReplaceAddress(this RouteGroupBuilder me) =>
        me.MapPut("/me/addresses/{id:guid}", Replace).WithName("ReplaceAddress").WithSummary("Replaces one of my saved addresses");

    private static async Task<Results<Created<AddressDto>, ProblemHttpResult>> Create(Request request, ClaimsPrincipal user, EngineRoomDb db,
        TimeProvider clock, CancellationToken ct)
    {
        var customer = user.AccountId();
        CustomerAddress? created = null;
        var full = await db.InTransactionAsync(async () =>
        {
            var count = await db.CustomerAddresses.CountAsync(a => a.AccountId == customer, ct);
            if (count >= CustomerAddress.MaxPerCustomer) return true;
            created = CustomerAddress.Create(customer, request.Label, request.Address, clock.GetUtcNow());
            db.CustomerAddresses.Add(created);
            await SetDefaultsAsync(db, created, request.DefaultShipping || count == 0, request.DefaultBilling || count == 0, ct);
            return false;
        }, rollback: full => full, ct);
        if (full) return Problems.Conflict("address_book_full", $"An address book holds at most {CustomerAddress.MaxPerCustomer} addresses; delete one first.");
        return TypedResults.Created($"/store/me/addresses/{created!.Id}", created.ToDto());
    }

    private static async Task<Results<Ok<AddressDto>, NotFound>> Replace(Guid id, Request request, ClaimsPrincipal user, EngineRoomDb db,
        TimeProvider clock, CancellationToken ct)
    {
        var customer = user.AccountId();
        AddressDto? saved = null;
        await db.InTransactionAsync(async () =>
        {
            var address = await db.CustomerAddresses.SingleOrDefaultAsync(a => a.Id == id && a.AccountId == customer, ct);
            if (address is null) return false;
            address.Replace(request.Label, request.Address, clock.GetUtcNow());
            await SetDefaultsAsync(db, address, request.DefaultShipping, request.DefaultBilling, ct);
            saved = address.ToDto();
            return true;
        }, rollback: found => !found, ct);
        return saved is null ? TypedResults.NotFound() : TypedResults.Ok(saved);
    }

    // The other addresses lose the flag first, in the same transaction; the unique filtered index turns a concurrent
    // default into a retry (InTransactionAsync) rather than two defaults.
    private static async Task SetDefaultsAsync(EngineRoomDb db, CustomerAddress address, bool shipping, bool billing, CancellationToken ct)
    {
        var others = db.CustomerAddresses.Where(a => a.AccountId == address.AccountId && a.Id != address.Id);
        if (shipping) await others.Where(a => a.IsDefaultShipping).ExecuteUpdateAsync(s => s.SetProperty(a => a.IsDefaultShipping, false), ct);
        if (billing) await others.Where(a => a.IsDefaultBilling).ExecuteUpdateAsync(s => s.SetProperty(a => a.IsDefaultBilling, false), ct);
        address.MakeDefault(shipping, billing);
    }
}
