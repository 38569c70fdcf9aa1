using EngineRoom.Catalog;
using EngineRoom.Data;

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
/// exactly what checkout will charge. The reads are one <see cref="SqlBatch"/>: one round trip, no EF Core query
/// pipeline (they run on every cart request and every checkout).
/// </summary>
public sealed class CartPricing(EngineRoomDb db, TimeProvider clock)
{
    public async Task<PricingOutcome> PriceAsync(PricingRequest request, CancellationToken ct)
    {
        var batch = new SqlBatch(db);
        var read = Read(batch, request);
        await batch.ExecuteAsync(ct);
        return read.Price(request);
    }

    /// <summary>Adds to <paramref name="batch"/> the reads that pricing <paramref name="request"/> (or any part of it) needs; price once it ran.</summary>
    public PricingRead Read(SqlBatch batch, PricingRequest request)
    {
        var codes = request.Codes.Select(Discount.NormalizeCode).Distinct().ToList();
        var skus = CatalogSkus.Lookup(batch, request.Lines.Select(l => l.Sku).Distinct().ToList(), request.Currency);
        var discounts = batch.Add($$"""
            SELECT {{Discount.Columns}} FROM pricing_discounts
            WHERE "Active" AND ("Code" IS NULL{{(codes.Count == 0 ? "" : $" OR \"Code\" IN ({SqlBatch.List(codes.Count)})")}})
            """, [.. codes]);
        var shipping = request.ShippingMethod is { } method ? batch.Add("""
            SELECT "Code", "Amount", "FreeOver" FROM pricing_shipping_methods WHERE "Code" = {0} AND "Currency" = {1} AND "Active"
            """, method, request.Currency) : null;
        var tax = request.Country is { } country ? batch.Add("""
            SELECT "RateBps" FROM pricing_tax_rates WHERE "Country" = {0} AND ("Region" = {1} OR "Region" = '') ORDER BY "Region" DESC LIMIT 1
            """, country, request.Region ?? "") : null;
        return new PricingRead(skus, discounts, shipping, tax, clock);
    }
}

/// <summary>What <see cref="CartPricing.Read"/> loaded; prices the request it was read for, or any part of it, with no further read.</summary>
public sealed class PricingRead(CatalogSkus.SkuLookup skus, SqlBatch.Statement discounts, SqlBatch.Statement? shipping, SqlBatch.Statement? tax, TimeProvider clock)
{
    private Dictionary<string, SkuInfo>? _skus;
    private List<Discount>? _discounts;

    /// <summary>The SKUs the catalog sells, with their price in the request's currency.</summary>
    public IReadOnlyDictionary<string, SkuInfo> Skus => _skus ??= skus.Found;

    /// <summary>The active promotions and the active discounts of the request's codes.</summary>
    public IReadOnlyList<Discount> Discounts => _discounts ??= discounts.Rows.Select(Discount.FromRow).ToList();

    /// <exception cref="PricingException">A SKU, a code or the shipping method cannot be priced.</exception>
    public PricingOutcome Price(PricingRequest request)
    {
        var skus = request.Lines.Select(l => l.Sku).Distinct().ToList();
        var unknown = skus.Where(s => !Skus.ContainsKey(s)).ToList();
        if (unknown.Count > 0) throw new PricingException("unknown_sku", $"No product is sold under SKU {string.Join(", ", unknown)}.", unknown);
        var unpriced = skus.Where(s => Skus[s].UnitPrice is null).ToList();
        if (unpriced.Count > 0) throw new PricingException("price_unavailable", $"SKU {string.Join(", ", unpriced)} has no price in {request.Currency}.", unpriced);

        var codes = request.Codes.Select(Discount.NormalizeCode).ToList();
        var discounts = Discounts.Where(d => d.Code is null || codes.Contains(d.Code)).ToList();
        var missing = codes.Where(c => discounts.All(d => d.Code != c)).ToList();
        if (missing.Count > 0) throw new PricingException("discount_invalid", $"Discount code {string.Join(", ", missing)} does not exist or is not active.", missing);

        ShippingRate? rate = null;
        if (request.ShippingMethod is { } code)
        {
            var row = shipping?.Rows.FirstOrDefault()
                ?? throw new PricingException("shipping_method_invalid", $"Shipping method '{code}' is not offered in {request.Currency}.", [code]);
            rate = new ShippingRate((string)row[0], SqlValues.Long(row[1]), SqlValues.NullableLong(row[2]));
        }
        var taxBps = request.Country is null || tax is null ? 0 : tax.Rows.Select(r => SqlValues.Int(r[0])).FirstOrDefault();

        var lines = request.Lines.Select(l => new PriceLine(l.Sku, Skus[l.Sku].UnitPrice!.Value, l.Quantity)).ToList();
        var priced = PriceCalculator.Price(new PricingInput(request.Currency, lines, discounts.Select(d => d.ToRule()).ToList(),
            rate, taxBps, clock.GetUtcNow()));
        return new PricingOutcome(priced, Skus, discounts);
    }
}

/// <summary>The cart cannot be priced as asked; answered 422 with <see cref="Code"/>.</summary>
public sealed class PricingException(string code, string message, IReadOnlyList<string> subjects) : Exception(message)
{
    public string Code { get; } = code;
    public IReadOnlyList<string> Subjects { get; } = subjects;
}
