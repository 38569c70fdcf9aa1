namespace EngineRoom.Pricing;

public enum DiscountKind { Percentage, FixedAmount, FreeShipping, BuyXGetY }

/// <summary>A discount as the calculator sees it: a code (<see cref="Code"/> set) or an automatic promotion.</summary>
public sealed record DiscountRule(
    Guid Id, string? Code, DiscountKind Kind, bool Combinable,
    int PercentBps = 0, long AmountOff = 0, string? Currency = null, long MinSubtotal = 0,
    int BuyQuantity = 0, int GetQuantity = 0, IReadOnlyList<string>? Skus = null,
    DateTimeOffset? StartsAt = null, DateTimeOffset? EndsAt = null, bool UsageLimitReached = false);

public sealed record PriceLine(string Sku, long UnitPrice, int Quantity);

/// <summary>Flat-rate shipping, free when the discounted subtotal reaches <see cref="FreeOver"/>.</summary>
public sealed record ShippingRate(string Code, long Amount, long? FreeOver);

public sealed record PricingInput(
    string Currency, IReadOnlyList<PriceLine> Lines, IReadOnlyList<DiscountRule> Discounts,
    ShippingRate? Shipping, int TaxRateBps, DateTimeOffset Now);

public sealed record PricedLine(string Sku, long UnitPrice, int Quantity, long Subtotal, long Discount, long Tax, long Total);

public sealed record AppliedDiscount(Guid Id, string? Code, DiscountKind Kind, long Amount);

/// <summary>A discount that was offered but not applied, and why (a stable code).</summary>
public sealed record SkippedDiscount(Guid Id, string? Code, string Reason);

/// <summary>
/// Every total is the sum of its parts: Subtotal, Discount and the line part of Tax are sums over lines;
/// Total = Subtotal - Discount + Shipping + Tax, and equals the sum of line totals plus shipping and its tax.
/// </summary>
public sealed record PricedCart(
    string Currency, IReadOnlyList<PricedLine> Lines, long Subtotal, long Discount, long Shipping, long ShippingTax,
    long Tax, long Total, IReadOnlyList<AppliedDiscount> Applied, IReadOnlyList<SkippedDiscount> Skipped);

/// <summary>
/// Prices a cart. Pure: same input, same answer, no I/O; all amounts integer minor units.
///
/// Rules (docs/pricing.md has them with examples):
/// 1. A discount whose window, currency, minimum subtotal, usage limit or SKU scope rules it out is skipped with its reason.
/// 2. The remaining discounts combine as follows: all combinable ones stack; a non-combinable one applies alone.
///    The option that saves the customer most is chosen (ties go to the stack). Codes and automatic promotions
///    are treated alike here; "one code per cart" is enforced when a code is applied.
/// 3. A discount with SKUs applies to those lines only. Within a stack: buy-X-get-Y first (the cheapest eligible units are free), then percentages on what is left
///    of each line, then fixed amounts, spread over lines in proportion to what is left (largest remainder).
/// 4. Rounding: each line's percentage discount and each line's tax is rounded half up to the minor unit, per line;
///    order figures are sums of line figures, so they always add up. A line never goes below zero.
/// 5. Shipping is free when a free-shipping discount applies or the discounted subtotal reaches the method's
///    threshold. Tax (tax-exclusive prices) applies to each discounted line and to shipping, at one rate.
/// </summary>
public static class PriceCalculator
{
    public static PricedCart Price(PricingInput input)
    {
        var subtotals = input.Lines.Select(l => checked(l.UnitPrice * l.Quantity)).ToArray();
        var subtotal = subtotals.Sum();

        var skipped = new List<SkippedDiscount>();
        var eligible = new List<DiscountRule>();
        foreach (var rule in input.Discounts)
        {
            var reason = WhyNot(rule, input, subtotal);
            if (reason is null) eligible.Add(rule); else skipped.Add(new SkippedDiscount(rule.Id, rule.Code, reason));
        }

        var options = eligible.Where(d => !d.Combinable).Select(d => (IReadOnlyList<DiscountRule>)[d]).ToList();
        options.Insert(0, eligible.Where(d => d.Combinable).ToList()); // the stack first: it wins ties
        var best = options.Select(o => Evaluate(o, input, subtotals)).MaxBy(e => e.Saving)!;
        foreach (var rule in eligible.Except(best.Rules))
            skipped.Add(new SkippedDiscount(rule.Id, rule.Code, "not_combinable"));

        var taxedLines = input.Lines.Select((l, i) =>
        {
            var net = subtotals[i] - best.LineDiscounts[i];
            var tax = Percent(net, input.TaxRateBps);
            return new PricedLine(l.Sku, l.UnitPrice, l.Quantity, subtotals[i], best.LineDiscounts[i], tax, net + tax);
        }).ToList();

        var shippingTax = Percent(best.Shipping, input.TaxRateBps);
        var discount = taxedLines.Sum(l => l.Discount);
        var tax = taxedLines.Sum(l => l.Tax) + shippingTax;
        return new PricedCart(input.Currency, taxedLines, subtotal, discount, best.Shipping, shippingTax, tax,
            subtotal - discount + best.Shipping + tax, best.Applied, skipped);
    }

    private static string? WhyNot(DiscountRule rule, PricingInput input, long subtotal) => rule switch
    {
        { StartsAt: { } starts } when input.Now < starts => "not_started",
        { EndsAt: { } ends } when input.Now >= ends => "expired",
        { UsageLimitReached: true } => "usage_limit_reached",
        { Currency: { } currency } when currency != input.Currency => "currency_mismatch",
        _ when subtotal < rule.MinSubtotal => "min_subtotal_not_met",
        { Skus.Count: > 0 } when !input.Lines.Any(l => Applies(rule, l)) => "no_eligible_items",
        { Kind: DiscountKind.BuyXGetY, BuyQuantity: < 1 } or { Kind: DiscountKind.BuyXGetY, GetQuantity: < 1 } => "misconfigured",
        _ => null,
    };

    private sealed record Evaluation(IReadOnlyList<DiscountRule> Rules, long[] LineDiscounts, long Shipping, long Saving, List<AppliedDiscount> Applied);

    private static Evaluation Evaluate(IReadOnlyList<DiscountRule> rules, PricingInput input, long[] subtotals)
    {
        var remaining = (long[])subtotals.Clone();
        var applied = new List<AppliedDiscount>();
        var order = rules.OrderBy(r => r.Kind switch { DiscountKind.BuyXGetY => 0, DiscountKind.Percentage => 1, _ => 2 });
        var freeShipping = false;
        foreach (var rule in order)
        {
            long[] off = rule.Kind switch
            {
                DiscountKind.BuyXGetY => BuyXGetY(rule, input.Lines, remaining),
                DiscountKind.Percentage => remaining.Select((r, i) => Applies(rule, input.Lines[i]) ? Percent(r, rule.PercentBps) : 0).ToArray(),
                DiscountKind.FixedAmount => FixedAmount(rule, input.Lines, remaining),
                _ => new long[remaining.Length],
            };
            for (var i = 0; i < remaining.Length; i++) remaining[i] -= Math.Min(off[i], remaining[i]);
            freeShipping |= rule.Kind == DiscountKind.FreeShipping;
            applied.Add(new AppliedDiscount(rule.Id, rule.Code, rule.Kind, off.Sum()));
        }

        var lineDiscounts = subtotals.Select((s, i) => s - remaining[i]).ToArray();
        var baseShipping = input.Shipping?.Amount ?? 0;
        var shipping = input.Shipping is null || freeShipping || input.Shipping.FreeOver <= remaining.Sum() ? 0 : baseShipping;
        if (freeShipping)
        {
            var index = applied.FindIndex(a => a.Kind == DiscountKind.FreeShipping);
            applied[index] = applied[index] with { Amount = baseShipping };
        }
        // The saving counts what the discounts give; shipping that a threshold makes free is not theirs to claim.
        return new Evaluation(rules, lineDiscounts, shipping, lineDiscounts.Sum() + (freeShipping ? baseShipping : 0), applied);
    }

    private static bool Applies(DiscountRule rule, PriceLine line) => rule.Skus is not { Count: > 0 } skus || skus.Contains(line.Sku);

    private static long[] FixedAmount(DiscountRule rule, IReadOnlyList<PriceLine> lines, long[] remaining)
    {
        var weights = remaining.Select((r, i) => Applies(rule, lines[i]) ? r : 0).ToArray();
        return Spread(Math.Min(rule.AmountOff, weights.Sum()), weights);
    }

    /// <summary>For every Buy+Get eligible units, Get of them are free: the cheapest ones.</summary>
    private static long[] BuyXGetY(DiscountRule rule, IReadOnlyList<PriceLine> lines, long[] remaining)
    {
        var off = new long[lines.Count];
        var units = lines.Select((l, i) => (Line: l, Index: i))
            .Where(x => Applies(rule, x.Line))
            .SelectMany(x => Enumerable.Repeat((x.Index, x.Line.UnitPrice), x.Line.Quantity))
            .OrderBy(u => u.UnitPrice).ThenBy(u => u.Index).ToList();
        var free = units.Count / (rule.BuyQuantity + rule.GetQuantity) * rule.GetQuantity;
        foreach (var (index, price) in units.Take(free)) off[index] += price;
        for (var i = 0; i < off.Length; i++) off[i] = Math.Min(off[i], remaining[i]);
        return off;
    }

    /// <summary>Splits <paramref name="amount"/> over lines in proportion to <paramref name="weights"/>; the parts sum exactly.</summary>
    public static long[] Spread(long amount, long[] weights)
    {
        var total = weights.Sum();
        var parts = new long[weights.Length];
        if (amount <= 0 || total <= 0) return parts;
        var remainders = new (long Remainder, int Index)[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            var exact = (Int128)amount * weights[i];
            parts[i] = (long)(exact / total);
            remainders[i] = ((long)(exact % total), i);
        }
        var left = amount - parts.Sum();
        foreach (var (_, index) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Index).Take((int)left)) parts[index]++;
        return parts;
    }

    /// <summary><paramref name="amount"/> times basis points, rounded half up (amounts are never negative here).</summary>
    public static long Percent(long amount, int bps) => (long)(((Int128)amount * bps + 5_000) / 10_000);
}
