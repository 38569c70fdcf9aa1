using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;

namespace EngineRoom.Catalog;

/// <summary>An ISO 4217 code we trade in (uppercase, see <see cref="Currencies"/>); null is left to [Required].</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class KnownCurrencyAttribute() : ValidationAttribute("'{0}' must be a known ISO 4217 currency code in capitals, e.g. USD.")
{
    public override bool IsValid(object? value) => value is null || Currencies.IsKnown(value as string);
}
