using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Inventory;

internal static class CreateStockLocation
{
    public sealed record Request(
        [Required, RegularExpression(StockInput.LocationPattern, ErrorMessage = StockInput.LocationMessage)] string Code,
        [Required, MaxLength(200)] string Name);

    public static RouteHandlerBuilder MapCreateStockLocation(this RouteGroupBuilder inventory) =>
        inventory.MapPost("/locations", Handle).WithName(nameof(CreateStockLocation))
            .WithSummary("Create a stock location");

    private static async Task<Results<Created<StockLocationDto>, ProblemHttpResult>> Handle(
        Request request, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.StockLocations.AnyAsync(l => l.Code == request.Code, ct)) return CodeTaken(request.Code);
        var location = new StockLocationDto(request.Code, request.Name.Trim());
        db.StockLocations.Add(new StockLocation { Code = location.Code, Name = location.Name });
        AuditLog.Record(db, user, "location.create", "stock_location", location.Code, null, location, clock.GetUtcNow());
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { return CodeTaken(request.Code); } // lost a race under the unique index
        return TypedResults.Created("/admin/inventory/locations", location);
    }

    private static ProblemHttpResult CodeTaken(string code) =>
        Problems.Conflict("location_code_taken", $"A stock location with code '{code}' already exists.");
}
