using EngineRoom.Common;
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
public sealed class CartPricer(CartPricing pricing)
{
    public async Task<CartDto> ToDtoAsync(Cart cart, CancellationToken ct)
    {
        var unavailable = new List<string>();
        var lines = cart.Lines.OrderBy(l => l.Sku, StringComparer.Ordinal).Select(l => (l.Sku, l.Quantity)).ToList();
        var codes = cart.DiscountCodes.ToList();
        var shipping = cart.ShippingMethod;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var outcome = await pricing.PriceAsync(new PricingRequest(cart.Currency, lines, codes, shipping,
                    cart.ShippingAddress?.Country, cart.ShippingAddress?.Region), ct);
                return Build(cart, outcome, unavailable);
            }
            catch (PricingException e) when (attempt < 3)
            {
                unavailable.AddRange(e.Subjects);
                lines.RemoveAll(l => e.Subjects.Contains(l.Sku));
                codes.RemoveAll(e.Subjects.Contains);
                if (shipping is not null && e.Subjects.Contains(shipping)) shipping = null;
            }
        }
    }

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
