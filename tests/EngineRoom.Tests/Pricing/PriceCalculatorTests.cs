using EngineRoom.Pricing;

namespace EngineRoom.Tests.Pricing;

public sealed class PriceCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static PricedCart Price(IReadOnlyList<PriceLine> lines, IReadOnlyList<DiscountRule>? discounts = null,
        ShippingRate? shipping = null, int taxBps = 0) =>
        PriceCalculator.Price(new PricingInput("USD", lines, discounts ?? [], shipping, taxBps, Now));

    private static DiscountRule Rule(DiscountKind kind, bool combinable = false, string? code = "CODE") =>
        new(Guid.NewGuid(), code, kind, combinable);

    [Fact]
    public void Without_discounts_the_total_is_subtotal_plus_shipping_plus_tax()
    {
        var cart = Price([new("A", 1999, 2), new("B", 500, 1)], shipping: new ShippingRate("std", 700, null), taxBps: 1000);
        Assert.Equal(4498, cart.Subtotal);
        Assert.Equal(700, cart.Shipping);
        Assert.Equal(400 + 50 + 70, cart.Tax); // 10% of 3998, of 500, of the 700 shipping
        Assert.Equal(4498 + 700 + 520, cart.Total);
    }

    [Fact]
    public void Percentage_is_rounded_half_up_per_line_and_the_order_figure_is_their_sum()
    {
        // 15% of 333 = 49.95 -> 50; 15% of 1 = 0.15 -> 0; of 10 = 1.5 -> 2.
        var cart = Price([new("A", 333, 1), new("B", 1, 1), new("C", 10, 1)], [Rule(DiscountKind.Percentage) with { PercentBps = 1500 }]);
        Assert.Equal([50, 0, 2], cart.Lines.Select(l => l.Discount));
        Assert.Equal(52, cart.Discount);
        Assert.Equal(344 - 52, cart.Total);
    }

    [Fact]
    public void Fixed_amount_is_spread_over_lines_in_proportion_and_adds_up_exactly()
    {
        var cart = Price([new("A", 100, 1), new("B", 100, 1), new("C", 100, 1)], [Rule(DiscountKind.FixedAmount) with { AmountOff = 100 }]);
        Assert.Equal(100, cart.Discount);
        Assert.Equal(100, cart.Lines.Sum(l => l.Discount));
        Assert.Equal([34, 33, 33], cart.Lines.Select(l => l.Discount));
    }

    [Fact]
    public void Fixed_amount_never_takes_the_total_below_zero()
    {
        var cart = Price([new("A", 300, 1)], [Rule(DiscountKind.FixedAmount) with { AmountOff = 10_000 }], new ShippingRate("std", 500, null));
        Assert.Equal(300, cart.Discount);
        Assert.Equal(500, cart.Total); // shipping is still charged
    }

    [Fact]
    public void Free_shipping_discount_and_free_over_threshold()
    {
        var shipping = new ShippingRate("std", 500, FreeOver: 5000);
        Assert.Equal(0, Price([new("A", 1000, 1)], [Rule(DiscountKind.FreeShipping)], shipping).Shipping);
        Assert.Equal(500, Price([new("A", 4999, 1)], shipping: shipping).Shipping);
        Assert.Equal(0, Price([new("A", 5000, 1)], shipping: shipping).Shipping);
        // The threshold counts the subtotal after discounts.
        Assert.Equal(500, Price([new("A", 5000, 1)], [Rule(DiscountKind.Percentage) with { PercentBps = 1000 }], shipping).Shipping);
    }

    [Fact]
    public void Buy_x_get_y_makes_the_cheapest_eligible_units_free()
    {
        var buy2get1 = Rule(DiscountKind.BuyXGetY) with { BuyQuantity = 2, GetQuantity = 1, Skus = ["A", "B"] };
        var cart = Price([new("A", 1000, 2), new("B", 600, 1), new("C", 10, 5)], [buy2get1]);
        Assert.Equal([0, 600, 0], cart.Lines.Select(l => l.Discount)); // C is not eligible even though cheaper
        var six = Price([new("A", 1000, 4), new("B", 600, 2)], [buy2get1]);
        Assert.Equal(1200, six.Discount); // two groups of three: the two B units are free
        Assert.Equal(0, Price([new("A", 1000, 2)], [buy2get1]).Discount);
    }

    [Fact]
    public void A_sku_scoped_discount_with_no_eligible_line_is_skipped_free_shipping_included()
    {
        var cart = Price([new("A", 1000, 1)], [Rule(DiscountKind.FreeShipping) with { Skus = ["B"] }], new ShippingRate("std", 500, null));
        Assert.Equal(500, cart.Shipping);
        Assert.Equal("no_eligible_items", Assert.Single(cart.Skipped).Reason);
        Assert.Equal(0, Price([new("B", 1000, 1)], [Rule(DiscountKind.FreeShipping) with { Skus = ["B"] }], new ShippingRate("std", 500, null)).Shipping);
    }

    [Fact]
    public void Sku_scoped_percentage_touches_only_its_lines()
    {
        var cart = Price([new("A", 1000, 1), new("B", 1000, 1)], [Rule(DiscountKind.Percentage) with { PercentBps = 5000, Skus = ["B"] }]);
        Assert.Equal([0, 500], cart.Lines.Select(l => l.Discount));
    }

    [Theory]
    [InlineData("not_started")]
    [InlineData("expired")]
    [InlineData("min_subtotal_not_met")]
    [InlineData("usage_limit_reached")]
    [InlineData("currency_mismatch")]
    public void A_discount_that_does_not_hold_is_skipped_with_its_reason(string reason)
    {
        var rule = Rule(DiscountKind.Percentage) with { PercentBps = 1000 };
        rule = reason switch
        {
            "not_started" => rule with { StartsAt = Now.AddMinutes(1) },
            "expired" => rule with { StartsAt = Now.AddDays(-2), EndsAt = Now },
            "min_subtotal_not_met" => rule with { MinSubtotal = 1001 },
            "usage_limit_reached" => rule with { UsageLimitReached = true },
            _ => rule with { Currency = "EUR" },
        };
        var cart = Price([new("A", 1000, 1)], [rule]);
        Assert.Equal(0, cart.Discount);
        Assert.Equal(reason, Assert.Single(cart.Skipped).Reason);
    }

    [Fact]
    public void Combinable_discounts_stack_percentage_before_fixed()
    {
        var cart = Price([new("A", 1000, 1)],
            [Rule(DiscountKind.FixedAmount, combinable: true) with { AmountOff = 100 }, Rule(DiscountKind.Percentage, combinable: true) with { PercentBps = 1000 }]);
        Assert.Equal(100 + 100, cart.Discount); // 10% of 1000, then 100 off the 900 left
        Assert.Equal(2, cart.Applied.Count);
    }

    [Fact]
    public void A_non_combinable_discount_applies_alone_and_the_better_option_wins()
    {
        var stack = new[] { Rule(DiscountKind.Percentage, true, null) with { PercentBps = 1000 }, Rule(DiscountKind.FixedAmount, true, null) with { AmountOff = 50 } };
        var bigCode = Rule(DiscountKind.Percentage) with { PercentBps = 3000 };
        var small = Price([new("A", 1000, 1)], [.. stack, Rule(DiscountKind.FixedAmount) with { AmountOff = 10 }]);
        Assert.Equal(150, small.Discount);
        Assert.Equal("not_combinable", Assert.Single(small.Skipped).Reason);

        var big = Price([new("A", 1000, 1)], [.. stack, bigCode]);
        Assert.Equal(300, big.Discount);
        Assert.Equal(bigCode.Id, Assert.Single(big.Applied).Id);
        Assert.Equal(2, big.Skipped.Count);
    }

    [Fact]
    public void Equal_savings_prefer_the_stack()
    {
        var stacked = Rule(DiscountKind.FixedAmount, true, null) with { AmountOff = 100 };
        var cart = Price([new("A", 1000, 1)], [stacked, Rule(DiscountKind.FixedAmount) with { AmountOff = 100 }]);
        Assert.Equal(stacked.Id, Assert.Single(cart.Applied).Id);
    }

    [Fact]
    public void Spread_parts_always_sum_to_the_amount()
    {
        Assert.Equal([1, 1, 1], PriceCalculator.Spread(3, [1, 1, 1]));
        Assert.Equal([0, 0, 0], PriceCalculator.Spread(5, [0, 0, 0]));
        Assert.Equal(7, PriceCalculator.Spread(7, [3, 5, 11, 13]).Sum());
    }

    [Fact]
    public void Property_totals_are_sums_of_lines_and_never_negative_over_random_carts()
    {
        var random = new Random(20261123);
        for (var run = 0; run < 3000; run++)
        {
            var lines = Enumerable.Range(0, random.Next(1, 6))
                .Select(i => new PriceLine($"S{i}", random.Next(0, 100_000), random.Next(1, 10))).ToList();
            var discounts = Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomRule(random, lines)).ToList();
            var shipping = random.Next(3) == 0 ? null : new ShippingRate("s", random.Next(0, 2000), random.Next(2) == 0 ? null : random.Next(0, 200_000));
            var cart = Price(lines, discounts, shipping, random.Next(0, 2500));

            Assert.True(cart.Total >= 0);
            Assert.Equal(cart.Subtotal, cart.Lines.Sum(l => l.Subtotal));
            Assert.Equal(cart.Discount, cart.Lines.Sum(l => l.Discount));
            Assert.Equal(cart.Tax, cart.Lines.Sum(l => l.Tax) + cart.ShippingTax);
            Assert.Equal(cart.Total, cart.Subtotal - cart.Discount + cart.Shipping + cart.Tax);
            Assert.Equal(cart.Total, cart.Lines.Sum(l => l.Total) + cart.Shipping + cart.ShippingTax);
            Assert.All(cart.Lines, l => Assert.InRange(l.Discount, 0, l.Subtotal));
            Assert.Equal(cart.Discount, cart.Applied.Where(a => a.Kind != DiscountKind.FreeShipping).Sum(a => a.Amount));
        }
    }

    private static DiscountRule RandomRule(Random random, List<PriceLine> lines)
    {
        var kind = (DiscountKind)random.Next(4);
        return new DiscountRule(Guid.NewGuid(), random.Next(2) == 0 ? "C" : null, kind, random.Next(2) == 0,
            PercentBps: random.Next(0, 10_001), AmountOff: random.Next(0, 300_000), MinSubtotal: random.Next(3) == 0 ? random.Next(0, 200_000) : 0,
            BuyQuantity: random.Next(1, 4), GetQuantity: random.Next(1, 3),
            Skus: random.Next(2) == 0 ? null : lines.Where(_ => random.Next(2) == 0).Select(l => l.Sku).ToList());
    }
}
