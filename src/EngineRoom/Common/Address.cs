using System.ComponentModel.DataAnnotations;

namespace EngineRoom.Common;

/// <summary>A postal address. Country is ISO 3166-1 alpha-2; region is the state or province code where tax needs it.</summary>
public sealed record Address(
    [property: Required, MaxLength(200)] string Name,
    [property: Required, MaxLength(200)] string Line1,
    [property: MaxLength(200)] string? Line2,
    [property: Required, MaxLength(100)] string City,
    [property: MaxLength(10)] string? Region,
    [property: Required, MaxLength(20)] string PostalCode,
    [property: Required, RegularExpression("^[A-Z]{2}$", ErrorMessage = "Country must be an ISO 3166-1 alpha-2 code such as US.")] string Country,
    [property: MaxLength(40)] string? Phone);
