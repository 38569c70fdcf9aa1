using EngineRoom.Customers;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Carts;

/// <summary>Carts' part of a customer's erasure (<see cref="ICustomerCarts"/>).</summary>
internal sealed class CustomerCartErasure(EngineRoomDb db) : ICustomerCarts
{
    public async Task<int> ErasePersonalDataAsync(Guid customerId, CancellationToken ct)
    {
        var carts = (await db.Carts.Where(c => c.CustomerId == customerId).ToListAsync(ct)).Where(c => c.Email is not null || c.ShippingAddress is not null).ToList();
        foreach (var cart in carts)
        {
            cart.ErasePersonalData();
            cart.Touch();
        }
        return carts.Count;
    }
}
