using EngineRoom.Customers;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Carts;

/// <summary>At sign-in, a guest's cart joins the customer's: merged into their open cart, or simply becomes theirs.</summary>
internal sealed class CartMerge(EngineRoomDb db) : IGuestCartMerge
{
    public async Task<string?> MergeAsync(string guestCartId, Guid customerId, DateTimeOffset now, CancellationToken ct)
    {
        var guest = await db.Carts.Include(c => c.Lines).SingleOrDefaultAsync(c => c.Id == guestCartId && c.CustomerId == null && c.Status == CartStatus.Open, ct);
        if (guest is null) return null;
        var mine = await db.Carts.Include(c => c.Lines)
            .Where(c => c.CustomerId == customerId && c.Status == CartStatus.Open && c.Currency == guest.Currency)
            .OrderByDescending(c => c.UpdatedAt).FirstOrDefaultAsync(ct);
        if (mine is null) guest.BindTo(customerId, now);
        else mine.Absorb(guest, now);
        guest.Touch();
        mine?.Touch();
        await db.SaveChangesAsync(ct);
        return (mine ?? guest).Id;
    }
}
