using System.Security.Claims;
using EngineRoom.Customers;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Carts;

/// <summary>
/// Who may touch a cart: anyone holding a guest cart's id; only its customer for a customer's cart. Everyone else
/// gets null, answered 404, so a cart id is never confirmed to a stranger.
/// </summary>
internal static class CartAccess
{
    /// <summary>The cart with its lines in one statement (plain SQL), untracked; null when missing or not the caller's.</summary>
    public static async Task<Cart?> FindAsync(EngineRoomDb db, string id, ClaimsPrincipal user, CancellationToken ct)
    {
        var batch = new SqlBatch(db);
        var read = CartRows.Read(batch, id);
        await batch.ExecuteAsync(ct);
        return Visible(read.Cart, user);
    }

    /// <summary>Null for a cart bound to another customer (or to one, when the caller is a guest), so it is answered 404.</summary>
    public static Cart? Visible(Cart? cart, ClaimsPrincipal user) =>
        cart is null || (cart.CustomerId is { } owner && owner != user.TryGetAccountId()) ? null : cart;

    /// <summary>
    /// Loads, changes and saves a cart under a lock on its row, so concurrent edits of one cart queue up instead of
    /// overwriting each other (PostgreSQL: FOR UPDATE; SQLite's write transaction is already exclusive).
    /// Only an open cart can change.
    /// </summary>
    public static async Task<Cart?> ChangeAsync(EngineRoomDb db, string id, ClaimsPrincipal user, Func<Cart, Task> change, CancellationToken ct)
    {
        Cart? changed = null;
        await db.InTransactionAsync(async () =>
        {
            if (db.Provider == DatabaseProvider.Postgres)
                await db.Database.ExecuteSqlAsync($"SELECT 1 FROM carts_carts WHERE \"Id\" = {id} FOR UPDATE", ct);
            changed = Visible(await db.Carts.Include(c => c.Lines).SingleOrDefaultAsync(c => c.Id == id, ct), user);
            if (changed is null) return false;
            changed.EnsureOpen();
            await change(changed);
            changed.Touch();
            return true;
        }, rollback: found => !found, ct);
        return changed;
    }
}
