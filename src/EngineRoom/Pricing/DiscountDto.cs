namespace EngineRoom.Pricing;

public sealed record DiscountDto(
    Guid Id, string? Code, string Name, DiscountKind Kind, int PercentBps, long AmountOff, string? Currency, long MinSubtotal,
    int BuyQuantity, int GetQuantity, IReadOnlyList<string> Skus, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt,
    int? UsageLimit, int? PerCustomerLimit, int TimesUsed, bool Combinable, bool Active, DateTimeOffset CreatedAt)
{
    /// <param name="timesUsed">From <see cref="DiscountUsage"/>; <see cref="Discount.TimesUsed"/> counts only while a limit is set.</param>
    public static DiscountDto From(Discount d, int timesUsed) => new(
        d.Id, d.Code, d.Name, d.Kind, d.PercentBps, d.AmountOff, d.Currency, d.MinSubtotal, d.BuyQuantity, d.GetQuantity,
        d.Skus, d.StartsAt, d.EndsAt, d.UsageLimit, d.PerCustomerLimit, timesUsed, d.Combinable, d.Active, d.CreatedAt);
}
