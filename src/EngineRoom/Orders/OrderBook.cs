using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Orders;

/// <summary>The one way Checkout records a placed order (built by <see cref="Order.Place"/>): two statements of its record batch.</summary>
public static class OrderBook
{
    /// <summary>An order with its lines, read-only (Checkout answers with the order another request recorded).</summary>
    public static Task<Order?> FindAsync(EngineRoomDb db, Guid id, CancellationToken ct) =>
        db.Orders.AsNoTracking().Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == id, ct);

    public static void Append(SqlBatch batch, Order o)
    {
        batch.Add("""
            INSERT INTO orders_orders ("Id", "CustomerId", "Email", "GuestTokenHash", "Status", "PaymentStatus", "FulfillmentStatus",
                "Currency", "Subtotal", "DiscountTotal", "ShippingTotal", "TaxTotal", "Total", shipping_address, "ShippingMethod",
                "DiscountCodes", "CartId", "PlacedAt", "UpdatedAt")
            VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}, {12}, {13}, {14}, {15}, {16}, {17}, {18})
            """,
            o.Id, o.CustomerId, o.Email, o.GuestTokenHash, o.Status.ToString(), o.PaymentStatus.ToString(), o.FulfillmentStatus.ToString(),
            o.Currency, o.Subtotal, o.DiscountTotal, o.ShippingTotal, o.TaxTotal, o.Total,
            o.ShippingAddress is null ? null : new SqlJson(System.Text.Json.JsonSerializer.Serialize(o.ShippingAddress)), o.ShippingMethod,
            o.DiscountCodes.ToArray(), o.CartId, o.PlacedAt, o.UpdatedAt);
        batch.Add($"""
            INSERT INTO orders_order_lines ("OrderId", "Sku", "ProductId", "Name", "VariantName", "Quantity", "UnitPrice", "Subtotal",
                "Discount", "Tax", "Total", "FulfilledQuantity", "RefundedQuantity", "RefundedAmount", "RestockedQuantity")
            VALUES {SqlBatch.Rows(o.Lines.Count, 15)}
            """, o.Lines.SelectMany(l => new object?[]
            {
                o.Id, l.Sku, l.ProductId, l.Name, l.VariantName, l.Quantity, l.UnitPrice, l.Subtotal, l.Discount, l.Tax, l.Total, 0, 0, 0L, 0,
            }).ToArray());
    }
}
