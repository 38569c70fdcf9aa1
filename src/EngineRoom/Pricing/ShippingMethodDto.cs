using EngineRoom.Common;

namespace EngineRoom.Pricing;

public sealed record ShippingMethodDto(Guid Id, string Code, string Name, string Currency, long Amount, long? FreeOver, bool Active)
{
    public static ShippingMethodDto From(ShippingMethod m) => new(m.Id, m.Code, m.Name, m.Currency, m.Amount, m.FreeOver, m.Active);
}

internal static class ShippingInput
{
    public const string CodePattern = "^[A-Za-z0-9._-]{1,64}$";
    public const string CodeMessage = "A shipping method code is 1 to 64 letters, digits, '.', '_' or '-'.";

    public static ProblemHttpResult? CheckCurrency(string? currency) =>
        Currencies.IsKnown(currency) ? null : Problems.Validation("currency", $"'{currency}' is not a supported ISO 4217 currency.");
}
