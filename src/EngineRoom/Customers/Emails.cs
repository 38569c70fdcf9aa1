using System.ComponentModel.DataAnnotations;

namespace EngineRoom.Customers;

/// <summary>
/// Every email that enters (register, sign-in, staff, checkout) goes through here, so an address that only displays
/// like another one cannot become a separate account or a separate customer key.
/// </summary>
public static class Emails
{
    private static readonly EmailAddressAttribute Shape = new();

    /// <summary>
    /// Folds full-width forms (<c>ａｄｍｉｎ＠ｅｘａｍｐｌｅ．ｃｏｍ</c>, U+FF01-FF5E, and the ideographic space) into plain
    /// ASCII, then trims, so they are the same email. This is what NFKC does to them; we fold by hand because the server
    /// runs with InvariantGlobalization, where string.Normalize does not apply NFKC, and because every other
    /// compatibility form NFKC would fold (ligatures, circled or mathematical letters) is simply refused below.
    /// </summary>
    public static string Clean(string email) => string.Create(email.Length, email, static (folded, raw) =>
    {
        for (var i = 0; i < raw.Length; i++)
            folded[i] = raw[i] switch { >= '\uFF01' and <= '\uFF5E' and var c => (char)(c - 0xFEE0), '\u3000' => ' ', var c => c };
    }).Trim();

    /// <summary>The key accounts, lockout and per-customer limits are stored under.</summary>
    public static string Normalize(string email) => Clean(email).ToUpperInvariant();

    // Printable ASCII only, after folding: invisible format characters (category Cf: zero-width, bidi overrides, soft
    // hyphen), control characters and letters of other scripts (Cyrillic а, Greek ο) all display like someone else's
    // address; we knowingly refuse internationalised addresses (RFC 6531) rather than judge which scripts may mix.
    public static bool IsAcceptable(string email) =>
        Clean(email) is { Length: > 0 } clean && clean.All(c => c is > ' ' and <= '~') && Shape.IsValid(clean);
}

/// <summary>An email <see cref="Emails.IsAcceptable"/> accepts; null is left to [Required].</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class PlainEmailAttribute() : ValidationAttribute(
    "'{0}' must be a plain email address: Latin letters, digits and punctuation; invisible characters and other scripts are refused.")
{
    public override bool IsValid(object? value) => value is null || value is string s && Emails.IsAcceptable(s);
}
