using EngineRoom.Catalog;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Pricing;

public sealed record PricingRequest(
    string Currency, IReadOnlyList<(string Sku, int Quantity)> Lines, IReadOnlyList<string> Codes,
    string? ShippingMethod, string? Country, string? Region);

/// <summary>A priced cart plus what the catalog says of its SKUs, or the problem that stops it being priced.</summary>
public sealed record PricingOutcome(PricedCart Cart, IReadOnlyDictionary<string, SkuInfo> Skus, IReadOnlyList<Discount> Discounts)
{
    /// <summary>Codes the customer entered that do not hold (expired, limit reached, minimum not met...), with the reason.</summary>
    public IEnumerable<SkippedDiscount> InvalidCodes =>
        Cart.Skipped.Where(s => s.Code is not null && s.Reason != "not_combinable" && Discounts.Any(d => d.Id == s.Id && d.Code is not null));
}

/// <summary>
/// Loads what the price calculator needs (catalog prices, active promotions and the entered codes, the shipping
/// method, the tax rate for the address) and runs it. Carts and checkout both price through here, so a cart shows
/// exactly what checkout will charge.
/// </summary>
public sealed class CartPricing(EngineRoomDb db, TimeProvider clock)
{
    public async Task<PricingOutcome> PriceAsync(PricingRequest request, CancellationToken ct)
    {
        var skus = request.Lines.Select(l => l.Sku).Distinct().ToList();
        var info = skus.Count == 0 ? [] : await CatalogSkus.LookupAsync(db, skus, request.Currency, ct);
        var unknown = skus.Where(s => !info.ContainsKey(s)).ToList();
        if (unknown.Count > 0) throw new PricingException("unknown_sku", $"No product is sold under SKU {string.Join(", ", unknown)}.", unknown);
        var unpriced = skus.Where(s => info[s].UnitPrice is null).ToList();
        if (unpriced.Count > 0) throw new PricingException("price_unavailable", $"SKU {string.Join(", ", unpriced)} has no price in {request.Currency}.", unpriced);

        var codes = request.Codes.Select(Discount.NormalizeCode).ToList();
        var discounts = await db.Discounts.AsNoTracking()
            .Where(d => d.Active && (d.Code == null || codes.Contains(d.Code!))).ToListAsync(ct);
        var missing = codes.Where(c => discounts.All(d => d.Code != c)).ToList();
        if (missing.Count > 0) throw new PricingException("discount_invalid", $"Discount code {string.Join(", ", missing)} does not exist or is not active.", missing);

        ShippingRate? shipping = null;
        if (request.ShippingMethod is { } code)
        {
            var method = await db.ShippingMethods.AsNoTracking()
                .SingleOrDefaultAsync(m => m.Code == code && m.Currency == request.Currency && m.Active, ct)
                ?? throw new PricingException("shipping_method_invalid", $"Shipping method '{code}' is not offered in {request.Currency}.", [code]);
            shipping = method.ToRate();
        }

        var taxBps = 0;
        if (request.Country is { } country)
        {
            var region = request.Region ?? "";
            taxBps = await db.TaxRates.AsNoTracking()
                .Where(r => r.Country == country && (r.Region == region || r.Region == ""))
                .OrderByDescending(r => r.Region).Select(r => r.RateBps).FirstOrDefaultAsync(ct);
        }

        var lines = request.Lines.Select(l => new PriceLine(l.Sku, info[l.Sku].UnitPrice!.Value, l.Quantity)).ToList();
        var priced = PriceCalculator.Price(new PricingInput(request.Currency, lines, discounts.Select(d => d.ToRule()).ToList(),
            shipping, taxBps, clock.GetUtcNow()));
        return new PricingOutcome(priced, info, discounts);
    }
}

/// <summary>The cart cannot be priced as asked; answered 422 with <see cref="Code"/>.</summary>
public sealed class PricingException(string code, string message, IReadOnlyList<string> subjects) : Exception(message)
{
    public string Code { get; } = code;
    public IReadOnlyList<string> Subjects { get; } = subjects;
}
