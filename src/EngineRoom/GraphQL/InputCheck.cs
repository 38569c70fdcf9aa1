using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using EngineRoom.Common;

namespace EngineRoom.GraphQL;

/// <summary>
/// The REST request records' own DataAnnotations, checked for a GraphQL input before its handler runs (REST has
/// the framework's validation do it). Attributes are read from properties and from the record's constructor
/// parameters, and nested records and lists of them are walked, as the built-in validation does.
/// </summary>
internal static class InputCheck
{
    public static ProblemHttpResult? Check(object? input) => Walk(input, "", depth: 0);

    /// <summary>A handler's query parameters checked against the attributes on its own parameters.</summary>
    public static ProblemHttpResult? Parameters(Delegate handler, params (string Name, object? Value)[] values)
    {
        var parameters = handler.Method.GetParameters().ToDictionary(p => p.Name ?? "");
        foreach (var (name, value) in values)
        {
            if (!parameters.TryGetValue(name, out var parameter)) throw new ArgumentException($"{handler.Method.DeclaringType?.Name} has no parameter {name}.");
            foreach (var attribute in parameter.GetCustomAttributes<ValidationAttribute>())
                if (attribute.GetValidationResult(value, new ValidationContext(value ?? new object()) { MemberName = name, DisplayName = name }) is { } failed
                    && failed != ValidationResult.Success)
                    return Problems.Validation(name, failed.ErrorMessage ?? $"{name} is not valid.");
        }
        return null;
    }

    private static ProblemHttpResult? Walk(object? input, string path, int depth)
    {
        if (input is null || depth > 4) return null;
        var type = input.GetType();
        var parameters = type.GetConstructors().SelectMany(c => c.GetParameters()).GroupBy(p => p.Name ?? "", StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            var value = property.GetValue(input);
            var name = path + char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
            var attributes = property.GetCustomAttributes<ValidationAttribute>()
                .Concat(parameters.TryGetValue(property.Name, out var p) ? p.GetCustomAttributes<ValidationAttribute>() : []);
            var context = new ValidationContext(input) { MemberName = property.Name, DisplayName = name };
            foreach (var attribute in attributes)
                if (attribute.GetValidationResult(value, context) is { } failed && failed != ValidationResult.Success)
                    return Problems.Validation(name, failed.ErrorMessage ?? $"{name} is not valid.");
            if (value is string or null || value.GetType().IsPrimitive) continue;
            if (value is IEnumerable items)
            {
                var i = 0;
                foreach (var item in items)
                    if (IsOurs(item) && Walk(item, $"{name}.{i++}.", depth + 1) is { } inner) return inner;
            }
            else if (IsOurs(value) && Walk(value, name + ".", depth + 1) is { } inner) return inner;
        }
        return null;
    }

    private static bool IsOurs(object? value) => value?.GetType().Namespace?.StartsWith("EngineRoom", StringComparison.Ordinal) == true;
}
