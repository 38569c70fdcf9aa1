namespace EngineRoom.Common;

/// <summary>An amount in integer minor units of an ISO 4217 currency. Never a float.</summary>
public readonly record struct Money(long Amount, string Currency);

public static class Currencies
{
    // ISO 4217 codes we accept, with their minor-unit exponent (for display only; amounts are always minor units).
    private static readonly Dictionary<string, int> Exponents = new(StringComparer.Ordinal)
    {
        ["USD"] = 2, ["EUR"] = 2, ["GBP"] = 2, ["CAD"] = 2, ["AUD"] = 2, ["NZD"] = 2, ["CHF"] = 2, ["SEK"] = 2,
        ["NOK"] = 2, ["DKK"] = 2, ["PLN"] = 2, ["CZK"] = 2, ["HUF"] = 2, ["RON"] = 2, ["BGN"] = 2, ["TRY"] = 2,
        ["BRL"] = 2, ["MXN"] = 2, ["ARS"] = 2, ["CLP"] = 0, ["COP"] = 2, ["PEN"] = 2, ["ZAR"] = 2, ["EGP"] = 2,
        ["NGN"] = 2, ["KES"] = 2, ["MAD"] = 2, ["AED"] = 2, ["SAR"] = 2, ["ILS"] = 2, ["INR"] = 2, ["PKR"] = 2,
        ["CNY"] = 2, ["HKD"] = 2, ["TWD"] = 2, ["SGD"] = 2, ["MYR"] = 2, ["THB"] = 2, ["IDR"] = 2, ["PHP"] = 2,
        ["VND"] = 0, ["JPY"] = 0, ["KRW"] = 0, ["ISK"] = 0, ["KWD"] = 3, ["BHD"] = 3, ["JOD"] = 3, ["OMR"] = 3,
        ["UAH"] = 2,
    };

    public static bool IsKnown(string? code) => code is not null && Exponents.ContainsKey(code);

    /// <summary>Digits after the decimal point (2 for USD, 0 for JPY, 3 for KWD); 2 for a code not listed.</summary>
    public static int Exponent(string code) => Exponents.GetValueOrDefault(code, 2);

    public static IEnumerable<string> All => Exponents.Keys;
}
