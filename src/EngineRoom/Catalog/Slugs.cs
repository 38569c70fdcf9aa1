using EngineRoom.Common;

namespace EngineRoom.Catalog;

/// <summary>The storefront address of a product or category: lowercase words of letters and digits joined by single hyphens.</summary>
public static class Slugs
{
    public const string Pattern = "^[a-z0-9]+(-[a-z0-9]+)*$";
    public const string Message = "Use lowercase letters and digits in words joined by single hyphens, e.g. 'blue-cotton-tee'.";

    private static readonly System.Text.RegularExpressions.Regex Regex = new(Pattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public static bool IsValid(string? slug) => slug is { Length: > 0 and <= 200 } && Regex.IsMatch(slug);

    internal static void Ensure(string slug)
    {
        if (!IsValid(slug)) throw new BusinessRuleException("validation_failed", $"Slug '{slug}' is not valid. {Message}", 400);
    }
}
