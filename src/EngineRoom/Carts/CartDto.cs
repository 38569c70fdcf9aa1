using EngineRoom.Common;
using EngineRoom.Data;
using EngineRoom.Pricing;

namespace EngineRoom.Carts;

public sealed record CartLineDto(string Sku, string Name, string? VariantName, int Quantity, Money UnitPrice, Money Subtotal, Money Discount, Money Tax, Money Total);
public sealed record AppliedDiscountDto(string? Code, string Kind, Money Amount);
public sealed record SkippedDiscountDto(string? Code, string Reason);

/// <summary>
/// A cart with its server-computed totals. <see cref="Unavailable"/> lists what the cart holds but cannot sell now
/// (a SKU no longer sold or priced, a shipping method withdrawn); those are left out of the totals.
/// </summary>
public sealed record CartDto(
    string Id, string Status, string Currency, string? Email, Address? ShippingAddress, string? ShippingMethod,
    IReadOnlyList<string> DiscountCodes, IReadOnlyList<CartLineDto> Lines,
    Money Subtotal, Money Discount, Money Shipping, Money Tax, Money Total,
    IReadOnlyList<AppliedDiscountDto> AppliedDiscounts, IReadOnlyList<SkippedDiscountDto> SkippedDiscounts, IReadOnlyList<string> Unavailable);

/// <summary>Prices a cart for display. What can't be priced is set aside and named, never a failed read.</summary>
public sealed class CartPricer(CartPricing pricing, EngineRoomDb db)
{
    public async Task<CartDto> ToDtoAsync(Cart cart, CancellationToken ct)
    {
        var batch = new SqlBatch(db);
        var read = Read(batch, cart);
        await batch.ExecuteAsync(ct);
        return ToDto(cart, read);
    }

    /// <summary>
    /// Adds to <paramref name="batch"/> what pricing the cart needs, with a SKU or a code about to be added, so a
    /// change can be checked against the same reads that price its answer.
    /// </summary>
    public PricingRead Read(SqlBatch batch, Cart cart, string? addedSku = null, string? addedCode = null) =>
        pricing.Read(batch, Request(cart) with
        {
            Lines = [.. cart.Lines.Select(l => (l.Sku, l.Quantity)), .. addedSku is null ? [] : new[] { (addedSku, 1) }],
            Codes = [.. cart.DiscountCodes, .. addedCode is null ? [] : new[] { addedCode }],
        });

    /// <summary>Prices the cart as it is now from reads made for it (<see cref="Read"/>): no further statement.</summary>
    internal static CartDto ToDto(Cart cart, PricingRead read)
    {
        var unavailable = new List<string>();
        var request = Request(cart);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return Build(cart, read.Price(request), unavailable);
            }
            catch (PricingException e) when (attempt < 3)
            {
                unavailable.AddRange(e.Subjects);
                request = request with
                {
                    Lines = request.Lines.Where(l => !e.Subjects.Contains(l.Sku)).ToList(),
                    Codes = request.Codes.Where(c => !e.Subjects.Contains(c)).ToList(),
                    ShippingMethod = request.ShippingMethod is { } shipping && e.Subjects.Contains(shipping) ? null : request.ShippingMethod,
                };
            }
        }
    }

    private static PricingRequest Request(Cart cart) => new(cart.Currency,
        cart.Lines.OrderBy(l => l.Sku, StringComparer.Ordinal).Select(l => (l.Sku, l.Quantity)).ToList(), cart.DiscountCodes.ToList(),
        cart.ShippingMethod, cart.ShippingAddress?.Country, cart.ShippingAddress?.Region);

    private static CartDto Build(Cart cart, PricingOutcome outcome, List<string> unavailable)
    {
        var c = outcome.Cart;
        Money M(long amount) => new(amount, cart.Currency);
        return new CartDto(cart.Id, cart.Status.ToString().ToLowerInvariant(), cart.Currency, cart.Email, cart.ShippingAddress, cart.ShippingMethod,
            cart.DiscountCodes, c.Lines.Select(l => new CartLineDto(l.Sku, outcome.Skus[l.Sku].ProductName, outcome.Skus[l.Sku].VariantName, l.Quantity,
                M(l.UnitPrice), M(l.Subtotal), M(l.Discount), M(l.Tax), M(l.Total))).ToList(),
            M(c.Subtotal), M(c.Discount), M(c.Shipping), M(c.Tax), M(c.Total),
            c.Applied.Select(a => new AppliedDiscountDto(a.Code, System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(a.Kind.ToString()), M(a.Amount))).ToList(),
            c.Skipped.Select(s => new SkippedDiscountDto(s.Code, s.Reason)).ToList(), unavailable);
    }
}
