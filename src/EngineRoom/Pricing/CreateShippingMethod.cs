using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Pricing;

internal static class CreateShippingMethod
{
    public sealed record Request(
        [Required, RegularExpression(ShippingInput.CodePattern, ErrorMessage = ShippingInput.CodeMessage)] string Code,
        [Required, MaxLength(200)] string Name,
        [Required, MaxLength(3)] string Currency,
        [Required, Range(0, DiscountChecks.MaxAmount)] long? Amount,
        [Range(1, DiscountChecks.MaxAmount)] long? FreeOver,
        bool Active = true);

    public static RouteHandlerBuilder MapCreateShippingMethod(this RouteGroupBuilder methods) =>
        methods.MapPost("/", Handle).WithName(nameof(CreateShippingMethod))
            .WithSummary("Create a shipping method");

    private static async Task<Results<Created<ShippingMethodDto>, ProblemHttpResult>> Handle(
        Request request, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        var currency = request.Currency.ToUpperInvariant();
        if (ShippingInput.CheckCurrency(currency) is { } invalid) return invalid;
        if (await db.ShippingMethods.AnyAsync(m => m.Code == request.Code && m.Currency == currency, ct)) return Taken(request.Code, currency);

        var now = clock.GetUtcNow();
        var method = new ShippingMethod
        {
            Id = Guid.CreateVersion7(now), Code = request.Code, Name = request.Name.Trim(), Currency = currency,
            Amount = request.Amount!.Value, FreeOver = request.FreeOver, Active = request.Active,
        };
        var created = ShippingMethodDto.From(method);
        db.ShippingMethods.Add(method);
        AuditLog.Record(db, user, "shipping_method.create", "shipping_method", method.Id.ToString(), null, created, now);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { return Taken(request.Code, currency); } // lost a race under the unique index
        return TypedResults.Created($"/admin/shipping-methods/{method.Id}", created);
    }

    private static ProblemHttpResult Taken(string code, string currency) =>
        Problems.Conflict("shipping_method_taken", $"A shipping method '{code}' in {currency} already exists.");
}
