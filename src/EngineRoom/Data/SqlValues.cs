using System.Text.Json;

namespace EngineRoom.Data;

/// <summary>
/// Reads a value of a <see cref="SqlBatch.Statement"/>'s row as EF Core stores it on either provider: on SQLite a Guid
/// is text, a timestamp UTC ticks, a bool an integer and a list of strings JSON; on PostgreSQL each is its own type.
/// </summary>
public static class SqlValues
{
    public static string? String(object value) => value is DBNull ? null : (string)value;
    public static int Int(object value) => Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
    public static long Long(object value) => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    public static int? NullableInt(object value) => value is DBNull ? null : Int(value);
    public static long? NullableLong(object value) => value is DBNull ? null : Long(value);
    public static bool Bool(object value) => value is bool b ? b : Long(value) != 0;

    public static Guid? Guid(object value) => value switch
    {
        DBNull => null,
        System.Guid g => g,
        string text => System.Guid.Parse(text),
        _ => throw new InvalidCastException($"Not a Guid: {value.GetType()}"),
    };

    public static DateTimeOffset? Time(object value) => value switch
    {
        DBNull => null,
        DateTime utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)),
        DateTimeOffset at => at,
        _ => new DateTimeOffset(Long(value), TimeSpan.Zero), // SQLite: UTC ticks
    };

    public static List<string> Strings(object value) => value switch
    {
        DBNull => [],
        string[] array => [.. array],
        string json => JsonSerializer.Deserialize<List<string>>(json) ?? [],
        _ => throw new InvalidCastException($"Not a list of strings: {value.GetType()}"),
    };

    /// <summary>A JSON column (jsonb on PostgreSQL, text on SQLite) as EF Core's <c>ToJson</c> writes it: property names as declared.</summary>
    public static T? Json<T>(object value) where T : class => value is DBNull ? null : JsonSerializer.Deserialize<T>((string)value);
}
