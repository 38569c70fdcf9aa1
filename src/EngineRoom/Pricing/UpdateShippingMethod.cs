using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json.Serialization;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Pricing;

/// <summary>Edits a shipping method. Code and currency identify it, so they stay; create another method to change them.</summary>
internal static class UpdateShippingMethod
{
    public sealed record Request
    {
        [MinLength(1), MaxLength(200)] public string? Name { get; init; }
        [Range(0, DiscountChecks.MaxAmount)] public long? Amount { get; init; }
        public bool? Active { get; init; }

        // An explicit null removes the free-shipping threshold, so the request remembers whether it was sent.
        [Range(1, DiscountChecks.MaxAmount)]
        public long? FreeOver { get; init { field = value; FreeOverSent = true; } }

        [JsonIgnore] public bool FreeOverSent { get; private set; }
    }

    public static RouteHandlerBuilder MapUpdateShippingMethod(this RouteGroupBuilder methods) =>
        methods.MapPatch("/{id:guid}", Handle).WithName(nameof(UpdateShippingMethod))
            .WithSummary("Change a shipping method");

    private static async Task<Results<Ok<ShippingMethodDto>, NotFound>> Handle(
        Guid id, Request request, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        var method = await db.ShippingMethods.SingleOrDefaultAsync(m => m.Id == id, ct);
        if (method is null) return TypedResults.NotFound();
        var before = ShippingMethodDto.From(method);
        if (request.Name is { } name) method.Name = name.Trim();
        if (request.Amount is { } amount) method.Amount = amount;
        if (request.Active is { } active) method.Active = active;
        if (request.FreeOverSent) method.FreeOver = request.FreeOver;
        var after = ShippingMethodDto.From(method);
        AuditLog.Record(db, user, "shipping_method.update", "shipping_method", id.ToString(), before, after, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(after);
    }
}
