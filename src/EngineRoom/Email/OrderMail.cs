using EngineRoom.Common.Outbox;
using EngineRoom.Data;
using EngineRoom.Events;
using EngineRoom.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Email;

/// <summary>
/// The outbox's order mail: order.placed, order.paid, order.shipped, order.refunded, order.cancelled and return.received
/// each queue one message to the order's email. The outbox hands a message over at least once, on any instance; the key
/// (outbox message id, template, recipient) is unique, so a repeat finds its message already queued and adds nothing.
/// </summary>
internal sealed class OrderMail(EngineRoomDb db, TimeProvider clock, GuestOrderLinks links, IOptions<EmailOptions> options) : IOutboxHandler
{
    public const string Confirmation = "order-confirmation", Receipt = "payment-receipt", Shipped = "order-shipped",
        Refunded = "order-refunded", Cancelled = "order-cancelled", ReturnReceived = "return-received";

    private static readonly HashSet<string> Types =
        [OrderPlaced.Name, OrderPaid.Name, OrderShipped.Name, OrderRefunded.Name, OrderCancelled.Name, Events.ReturnReceived.Name];

    public async Task HandleAsync(OutboxMessage message, CancellationToken ct)
    {
        if (!Types.Contains(message.Type)) return;
        var @event = IntegrationEvents.Read(message);
        var orderId = @event switch
        {
            OrderPlaced e => e.OrderId, OrderPaid e => e.OrderId, OrderShipped e => e.OrderId, OrderRefunded e => e.OrderId,
            OrderCancelled e => e.OrderId, Events.ReturnReceived e => e.OrderId, _ => throw new InvalidOperationException(message.Type),
        };
        if (await OrderSummaries.FindAsync(db, orderId, ct) is not { } summary) return; // nothing to write about
        var order = summary.Order;
        string M(Common.Money money) => MoneyText.Format(money);
        var (template, values) = @event switch
        {
            OrderPlaced e => (Confirmation, new Dictionary<string, string>
            {
                ["lines"] = string.Join("\n", order.Lines.Select(l => $"{l.Quantity} × {l.Name}{(l.VariantName is { } v ? $" ({v})" : "")}: {M(l.Total)}")),
                ["subtotal"] = M(order.Subtotal), ["discount"] = order.Discount.Amount == 0 ? "" : "-" + M(order.Discount),
                ["shipping"] = M(order.Shipping), ["tax"] = M(order.Tax), ["total"] = M(order.Total), ["placedAt"] = EmailFormat.Time(e.PlacedAt),
                ["shipTo"] = order.ShippingAddress is { } a
                    ? string.Join("\n", new[] { a.Name, a.Line1, a.Line2, $"{a.City} {a.Region} {a.PostalCode}".Replace("  ", " "), a.Country }.Where(s => !string.IsNullOrWhiteSpace(s)))
                    : "",
            }),
            OrderPaid e => (Receipt, new() { ["total"] = M(e.Total), ["paidAt"] = EmailFormat.Time(e.PaidAt) }),
            OrderShipped e => (Shipped, new() { ["carrier"] = e.Carrier ?? "", ["trackingNumber"] = e.TrackingNumber ?? "", ["shippedAt"] = EmailFormat.Time(e.ShippedAt) }),
            OrderRefunded e => (Refunded, new() { ["amount"] = M(e.Amount), ["totalRefunded"] = M(e.TotalRefunded), ["refundedAt"] = EmailFormat.Time(e.RefundedAt) }),
            OrderCancelled e => (Cancelled, new() { ["refunded"] = e.Refunded.Amount == 0 ? "" : M(e.Refunded), ["cancelledAt"] = EmailFormat.Time(e.CancelledAt) }),
            Events.ReturnReceived e => (ReturnReceived, new Dictionary<string, string>
            {
                ["lines"] = string.Join("\n", e.Lines.Select(l => $"{l.Quantity} × {order.Lines.FirstOrDefault(o => o.Sku == l.Sku)?.Name ?? l.Sku}")),
                ["refunded"] = e.Refunded.Amount == 0 ? "" : M(e.Refunded), ["receivedAt"] = EmailFormat.Time(e.ReceivedAt),
            }),
            _ => throw new InvalidOperationException(message.Type),
        };
        values["orderId"] = order.Id.ToString();
        values["name"] = order.ShippingAddress?.Name ?? "";
        values["orderUrl"] = OrderUrl(order.Id, summary.Guest);
        await QueueAsync(EmailMessage.Create(Key(message.Id, template, order.Email), template, order.Email, order.ShippingAddress?.Name,
            values, order.Id, clock.GetUtcNow()), ct);
    }

    public static string Key(Guid messageId, string template, string recipient) => $"{messageId:N}:{template}:{recipient.Trim().ToLowerInvariant()}";

    private string OrderUrl(Guid orderId, bool guest) =>
        options.Value.OrderUrl.Replace("{orderId}", orderId.ToString(), StringComparison.Ordinal) + (guest ? "#token=" + links.TokenFor(orderId) : "");

    /// <summary>An insert under the unique key: a repeat (or another instance's concurrent first insert) leaves the one already there.</summary>
    private async Task QueueAsync(EmailMessage email, CancellationToken ct)
    {
        try
        {
            db.EmailMessages.Add(email);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Transactions.IsTransient(e))
        {
            db.ChangeTracker.Clear();
            if (!await db.EmailMessages.AnyAsync(m => m.DedupeKey == email.DedupeKey, ct)) throw;
        }
        finally { db.ChangeTracker.Clear(); }
    }
}
