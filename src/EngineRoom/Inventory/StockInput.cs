using System.Text.RegularExpressions;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Inventory;

/// <summary>The shapes every inventory endpoint checks: SKUs in the route, reasons and location codes in bodies.</summary>
internal static partial class StockInput
{
    public const string SkuPattern = "^[A-Za-z0-9._-]{1,64}$";
    public const string ReasonPattern = "^(received|correction|damaged|lost|returned|other)$";
    public const string ReasonMessage = "Reason must be one of: received, correction, damaged, lost, returned, other.";
    public const string LocationPattern = "^[a-z0-9][a-z0-9._-]{0,39}$";
    public const string LocationMessage = "A location code is 1 to 40 lower-case letters, digits, '.', '_' or '-'.";

    [GeneratedRegex(SkuPattern)]
    private static partial Regex Sku();

    // Inventory is keyed by the SKU string (the catalog is another module), so only its shape is checked here.
    public static ProblemHttpResult? CheckSku(string sku) => Sku().IsMatch(sku) ? null
        : Problems.Validation("sku", "A SKU is 1 to 64 letters, digits, '.', '_' or '-'.");

    /// <summary>The id of the location with <paramref name="code"/> (the default location when null), or null if none.</summary>
    public static async Task<long?> FindLocationAsync(EngineRoomDb db, string? code, CancellationToken ct) =>
        code is null ? StockLocation.DefaultId
            : await db.StockLocations.Where(l => l.Code == code).Select(l => (long?)l.Id).SingleOrDefaultAsync(ct);

    public static ProblemHttpResult UnknownLocation(string? code) =>
        Problems.Validation("location", $"There is no stock location with code '{code}'.");
}
