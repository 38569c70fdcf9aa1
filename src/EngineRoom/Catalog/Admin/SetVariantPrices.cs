using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;
using System.Security.Claims;
using EngineRoom.Common.Audit;
using EngineRoom.Data;

namespace EngineRoom.Catalog.Admin;

/// <summary>Replaces a variant's price list: one price per currency; currencies left out are no longer sold in.</summary>
internal static class SetVariantPrices
{
    public sealed record Request([Required, MaxLength(50), NoNullItems] List<PriceInput> Prices);

    public static RouteHandlerBuilder MapSetVariantPrices(this RouteGroupBuilder admin) =>
        admin.MapPut("/variants/{id:long}/prices", Handle).WithName(nameof(SetVariantPrices))
            .WithSummary("Set a variant's prices");

    private static async Task<Results<Ok<VariantDto>, NotFound>> Handle(
        long id, Request request, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        if (await AdminProducts.LoadByVariantAsync(db, id, ct) is not ({ } product, { } variant)) return TypedResults.NotFound();
        var before = VariantDto.From(variant);
        var now = clock.GetUtcNow();
        product.SetVariantPrices(variant, request.Prices.Select(p => p.ToMoney()), now);
        var after = VariantDto.From(variant);
        AuditLog.Record(db, user, "variant.set_prices", "variant", id.ToString(), before, after, now);
        ProductEvents.Updated(db, product, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(after);
    }
}
