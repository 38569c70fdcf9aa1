using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace EngineRoom.Customers;

/// <summary>
/// One line of visible text: no control characters (CR and LF included, which could split a mail header a name is put
/// in), no invisible format characters (bidi overrides, zero-width) and no line or paragraph separators. Null is left
/// to [Required].
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class PlainTextAttribute() : ValidationAttribute("'{0}' must be one line of visible text: line breaks, control and invisible characters are refused.")
{
    public override bool IsValid(object? value) => value is not string s || s.All(c => CharUnicodeInfo.GetUnicodeCategory(c) is not
        (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator));
}
