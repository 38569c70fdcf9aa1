using System.Text.RegularExpressions;
using EngineRoom.Common;

namespace EngineRoom.Pricing;

/// <summary>
/// What a discount must be, checked on the whole entity after a create or an edit, so a PATCH that sends one field
/// is judged together with the fields it did not send. The first broken rule is answered, naming its field.
/// </summary>
internal static partial class DiscountChecks
{
    public const string KindPattern = "^(percentage|fixedAmount|freeShipping|buyXGetY)$";
    public const string KindMessage = "Kind must be one of: percentage, fixedAmount, freeShipping, buyXGetY.";
    public const double MaxAmount = 1e12; // minor units; far above any real order, far below overflow when summed

    [GeneratedRegex("^[A-Z0-9_-]{3,64}$")]
    private static partial Regex CodeShape();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex SkuShape();

    public static ProblemHttpResult? CheckCode(string code) => CodeShape().IsMatch(code) ? null
        : Problems.Validation("code", "A code is 3 to 64 letters, digits, '_' or '-' (it is stored upper-case).");

    public static ProblemHttpResult? Check(Discount d)
    {
        var rule = d.Kind switch
        {
            DiscountKind.Percentage when d.PercentBps is < 1 or > 10_000 =>
                ("percentBps", "A percentage discount needs percentBps from 1 to 10000 (basis points: 1000 is 10%)."),
            DiscountKind.FixedAmount when d.AmountOff <= 0 => ("amountOff", "A fixed-amount discount needs amountOff above zero."),
            DiscountKind.FixedAmount when d.Currency is null => ("currency", "A fixed-amount discount needs the currency of its amount."),
            DiscountKind.BuyXGetY when d.BuyQuantity < 1 => ("buyQuantity", "A buy-X-get-Y discount needs buyQuantity of at least 1."),
            DiscountKind.BuyXGetY when d.GetQuantity < 1 => ("getQuantity", "A buy-X-get-Y discount needs getQuantity of at least 1."),
            _ => NotForKind(d),
        };
        rule ??= d switch
        {
            { Currency: { } c } when !Currencies.IsKnown(c) => ("currency", $"'{c}' is not a supported ISO 4217 currency."),
            { MinSubtotal: > 0, Currency: null } => ("currency", "A minimum subtotal needs a currency."),
            { StartsAt: { } start, EndsAt: { } end } when end <= start => ("endsAt", "endsAt must be after startsAt."),
            { UsageLimit: { } limit } when limit < d.TimesUsed => ("usageLimit", $"The discount has already been used {d.TimesUsed} times."),
            _ when d.Skus.FirstOrDefault(s => !SkuShape().IsMatch(s)) is { } sku => ("skus", $"'{sku}' is not a valid SKU."),
            _ => null,
        };
        return rule is (var field, var message) ? Problems.Validation(field, message) : null;
    }

    // An amount that only another kind uses is refused rather than silently ignored.
    private static (string, string)? NotForKind(Discount d) => d switch
    {
        { Kind: not DiscountKind.Percentage, PercentBps: not 0 } => ("percentBps", "Only percentage discounts take percentBps."),
        { Kind: not DiscountKind.FixedAmount, AmountOff: not 0 } => ("amountOff", "Only fixed-amount discounts take amountOff."),
        { Kind: not DiscountKind.BuyXGetY, BuyQuantity: not 0 } => ("buyQuantity", "Only buy-X-get-Y discounts take buyQuantity."),
        { Kind: not DiscountKind.BuyXGetY, GetQuantity: not 0 } => ("getQuantity", "Only buy-X-get-Y discounts take getQuantity."),
        _ => null,
    };
}
