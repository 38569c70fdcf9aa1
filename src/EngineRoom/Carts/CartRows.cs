using EngineRoom.Common;
using EngineRoom.Data;

namespace EngineRoom.Carts;

/// <summary>
/// The carts tables in plain SQL, for the cart requests of every shopper (docs/decisions/0020): one statement reads a
/// cart with its lines; each change is one statement or one batch, conditional, sent in one round trip with no explicit
/// transaction. A line change first bumps the cart's <see cref="Cart.Version"/>, which takes the cart's row lock, so
/// concurrent changes of one cart queue up on it (as under EF Core's <c>FOR UPDATE</c> in <see cref="CartAccess.ChangeAsync"/>);
/// the line statement repeats the rules the entity checked (open, at most 999, at most <see cref="Cart.MaxLines"/> lines),
/// so a race lost between the read and the write changes nothing and is answered from a fresh read.
/// </summary>
internal static class CartRows
{
    private const string Open = nameof(CartStatus.Open);

    public static CartRead Read(SqlBatch batch, string id) => new(batch.Add("""
        SELECT c."Id", c."CustomerId", c."Currency", c."Email", c.shipping_address, c."ShippingMethod", c."DiscountCodes", c."Status",
               c."OrderId", c."CreatedAt", c."UpdatedAt", c."Version", l."Sku", l."Quantity"
        FROM carts_carts c LEFT JOIN carts_cart_lines l ON l."CartId" = c."Id"
        WHERE c."Id" = {0}
        """, id));

    public sealed class CartRead(SqlBatch.Statement select)
    {
        public Cart? Cart => select.Rows.Count == 0 ? null : Load(select.Rows);

        private static Cart Load(List<object[]> rows)
        {
            var r = rows[0];
            var lines = rows.Where(l => l[12] is not DBNull).Select(l => new CartLine { CartId = (string)r[0], Sku = (string)l[12], Quantity = SqlValues.Int(l[13]) });
            return Cart.Load((string)r[0], SqlValues.Guid(r[1]), (string)r[2], SqlValues.String(r[3]), SqlValues.Json<Address>(r[4]), SqlValues.String(r[5]),
                SqlValues.Strings(r[6]), Enum.Parse<CartStatus>((string)r[7]), SqlValues.Guid(r[8]), SqlValues.Time(r[9])!.Value, SqlValues.Time(r[10])!.Value,
                SqlValues.Int(r[11]), [.. lines.OrderBy(l => l.Sku, StringComparer.Ordinal)]);
        }
    }

    public static void Insert(SqlBatch batch, Cart cart) => batch.Add("""
        INSERT INTO carts_carts ("Id", "CustomerId", "Currency", "DiscountCodes", "Status", "CreatedAt", "UpdatedAt", "Version")
        VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, 0)
        """, cart.Id, cart.CustomerId, cart.Currency, cart.DiscountCodes, Open, cart.CreatedAt, cart.UpdatedAt);

    /// <summary>Sets a line to <paramref name="quantity"/> units, or adds them to it (<paramref name="add"/>); <see cref="LineWrite.Quantity"/> is null when the cart refused.</summary>
    public static LineWrite SetLine(SqlBatch batch, string cartId, string sku, int quantity, bool add, DateTimeOffset now)
    {
        Bump(batch, cartId, now);
        var updated = add ? "carts_cart_lines.\"Quantity\" + excluded.\"Quantity\"" : "excluded.\"Quantity\"";
        return new(batch.Add($$"""
            INSERT INTO carts_cart_lines ("CartId", "Sku", "Quantity")
            SELECT {0}, {1}, {2}
            WHERE EXISTS (SELECT 1 FROM carts_carts WHERE "Id" = {0} AND "Status" = '{{Open}}')
              AND ((SELECT COUNT(*) FROM carts_cart_lines WHERE "CartId" = {0}) < {{Cart.MaxLines}}
                   OR EXISTS (SELECT 1 FROM carts_cart_lines WHERE "CartId" = {0} AND "Sku" = {1}))
            ON CONFLICT ("CartId", "Sku") DO UPDATE SET "Quantity" = {{updated}} WHERE {{updated}} <= 999
            RETURNING "Quantity"
            """, cartId, sku, quantity));
    }

    public sealed class LineWrite(SqlBatch.Statement upsert)
    {
        public int? Quantity => upsert.Rows.Count == 1 ? SqlValues.Int(upsert.Rows[0][0]) : null;
    }

    /// <summary>Removes a line of an open cart (nothing when there is none); <see cref="SqlBatch.Statement.RowsAffected"/> is 0 when the cart was closed.</summary>
    public static SqlBatch.Statement RemoveLine(SqlBatch batch, string cartId, string sku, DateTimeOffset now)
    {
        var bump = Bump(batch, cartId, now);
        batch.Add($$"""
            DELETE FROM carts_cart_lines
            WHERE "CartId" = {0} AND "Sku" = {1} AND EXISTS (SELECT 1 FROM carts_carts WHERE "Id" = {0} AND "Status" = '{{Open}}')
            """, cartId, sku);
        return bump;
    }

    /// <summary>Saves the cart's codes if it is still the version that was read; <see cref="SqlBatch.Statement.RowsAffected"/> is 0 when it changed meanwhile.</summary>
    public static SqlBatch.Statement SetCodes(SqlBatch batch, Cart cart, DateTimeOffset now) => batch.Add($$"""
        UPDATE carts_carts SET "DiscountCodes" = {1}, "Version" = "Version" + 1, "UpdatedAt" = {2}
        WHERE "Id" = {0} AND "Version" = {3} AND "Status" = '{{Open}}'
        """, cart.Id, cart.DiscountCodes, now, cart.Version);

    private static SqlBatch.Statement Bump(SqlBatch batch, string cartId, DateTimeOffset now) => batch.Add($$"""
        UPDATE carts_carts SET "Version" = "Version" + 1, "UpdatedAt" = {1} WHERE "Id" = {0} AND "Status" = '{{Open}}'
        """, cartId, now);
}
