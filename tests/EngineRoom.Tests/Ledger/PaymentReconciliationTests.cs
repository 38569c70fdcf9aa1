using EngineRoom.Ledger;
using EngineRoom.Payments;
using static EngineRoom.Ledger.PaymentReconciliation;

namespace EngineRoom.Tests.Ledger;

/// <summary>The comparison alone, on made-up figures: every kind of difference, the day's edges, and a clean day.</summary>
public sealed class PaymentReconciliationTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private static ProviderPaymentRecord Theirs(string id, long captured, long refunded = 0, DateTimeOffset? at = null) =>
        new(id, "key-" + id, "USD", captured, captured, refunded, "captured", at ?? Day.AddHours(10));

    private static OurPayment Ours(string id, Guid order, long net, DateTimeOffset? at = null) => new(order, id, "USD", net, at ?? Day.AddHours(10));

    private static IReadOnlyList<Line> Compare(ProviderPaymentRecord[] theirs, OurPayment[] ours, Dictionary<Guid, long> ledger) =>
        PaymentReconciliation.Compare(theirs, ours, ledger, Day, Day.AddDays(1));

    [Fact]
    public void Agreeing_sides_and_abandoned_checkouts_are_no_difference()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var lines = Compare(
            [Theirs("p1", 1000), Theirs("p2", 500, 200), Theirs("voided", 0), Theirs("refunded", 900, 900)],
            [Ours("p1", a, 1000), Ours("p2", b, 300)],
            new() { [a] = 1000, [b] = 300 });
        Assert.Equal(4, lines.Count);
        Assert.All(lines, l => Assert.Null(l.Difference));
    }

    [Fact]
    public void Each_kind_of_difference_is_named()
    {
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var lines = Compare(
            [Theirs("stray", 700), Theirs("short", 1000, 100), Theirs("unbooked", 400)],
            [Ours("short", a, 1000), Ours("lost", b, 800), Ours("unbooked", c, 400)],
            new() { [a] = 1000, [b] = 800 }).ToDictionary(l => l.ProviderPaymentId);

        Assert.Equal((MissingInLedger, null, null), (lines["stray"].Difference, lines["stray"].OrderId, lines["stray"].LedgerNet));
        Assert.Equal((AmountMismatch, 900L, 1000L, 1000L), (lines["short"].Difference, lines["short"].ProviderNet, lines["short"].LedgerNet, lines["short"].PaymentsNet));
        Assert.Equal((MissingAtProvider, (long?)null, 800L), (lines["lost"].Difference, lines["lost"].ProviderNet, lines["lost"].LedgerNet));
        Assert.Equal(MissingInLedger, lines["unbooked"].Difference);
    }

    [Fact]
    public void A_payment_is_in_scope_when_either_side_created_it_that_day_and_matched_across_midnight()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var lines = Compare(
            [Theirs("late", 1000, at: Day.AddDays(1).AddSeconds(-1)), Theirs("yesterday", 300, at: Day.AddHours(-2)), Theirs("tomorrow", 5, at: Day.AddDays(1))],
            [Ours("late", a, 1000, Day.AddDays(1).AddSeconds(1)), Ours("yesterday", b, 300, Day.AddHours(-2))],
            new() { [a] = 1000, [b] = 300 });
        var line = Assert.Single(lines);
        Assert.Equal(("late", null), (line.ProviderPaymentId, line.Difference));
    }
}
