using System.Globalization;
using EngineRoom.Common;

namespace EngineRoom.Email;

/// <summary>
/// Money as a customer reads it: <c>$12.34</c>, <c>12,34 €</c>, <c>¥1,234</c>. Explicit per currency (the server runs
/// with invariant globalization, so no culture data is there to ask); other currencies read <c>1,234.56 XYZ</c>.
/// </summary>
public static class MoneyText
{
    private sealed record Style(string Symbol, bool Before, string Decimal = ".", string Group = ",");

    private static readonly Dictionary<string, Style> Styles = new(StringComparer.Ordinal)
    {
        ["USD"] = new("$", true), ["CAD"] = new("CA$", true), ["AUD"] = new("A$", true), ["NZD"] = new("NZ$", true),
        ["HKD"] = new("HK$", true), ["SGD"] = new("S$", true), ["MXN"] = new("MX$", true), ["GBP"] = new("£", true),
        ["JPY"] = new("¥", true), ["CNY"] = new("CN¥", true), ["INR"] = new("₹", true), ["KRW"] = new("₩", true), ["ILS"] = new("₪", true),
        ["EUR"] = new("€", false, ",", "."), ["CHF"] = new("CHF", false, ".", "'"), ["SEK"] = new("kr", false, ",", " "),
        ["NOK"] = new("kr", false, ",", " "), ["DKK"] = new("kr.", false, ",", "."), ["PLN"] = new("zł", false, ",", " "),
        ["CZK"] = new("Kč", false, ",", " "), ["BRL"] = new("R$", true, ",", "."),
    };

    public static string Format(long minorUnits, string currency)
    {
        var exponent = Currencies.Exponent(currency);
        var style = Styles.GetValueOrDefault(currency) ?? new Style(currency, false);
        var units = Math.Abs((decimal)minorUnits) / (decimal)Math.Pow(10, exponent);
        var digits = units.ToString("N" + exponent, new NumberFormatInfo { NumberDecimalSeparator = style.Decimal, NumberGroupSeparator = style.Group });
        var sign = minorUnits < 0 ? "-" : "";
        return style.Before ? $"{sign}{style.Symbol}{digits}" : $"{sign}{digits} {style.Symbol}";
    }

    public static string Format(Money money) => Format(money.Amount, money.Currency);
}
