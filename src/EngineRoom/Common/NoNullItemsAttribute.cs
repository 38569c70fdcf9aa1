using System.Collections;
using System.ComponentModel.DataAnnotations;

namespace EngineRoom.Common;

/// <summary>
/// A list in a request whose items may not be null: <c>"lines": [null]</c> is a 400 naming the field. The built-in
/// validation checks each item's own attributes but lets a null item through to the handler, which then fails with a 500.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class NoNullItemsAttribute() : ValidationAttribute("The {0} field must not contain null items.")
{
    public override bool IsValid(object? value) => value is not IEnumerable items || items.Cast<object?>().All(item => item is not null);
}
