using System.ComponentModel.DataAnnotations;
using EngineRoom.Data;

namespace EngineRoom.Catalog.Admin;

/// <summary>Replaces a variant's price list: one price per currency; currencies left out are no longer sold in.</summary>
internal static class SetVariantPrices
{
    public sealed record Request([Required, MaxLength(50)] List<PriceInput> Prices);

    public static RouteHandlerBuilder MapSetVariantPrices(this RouteGroupBuilder admin) =>
        admin.MapPut("/variants/{id:long}/prices", Handle).WithName(nameof(SetVariantPrices));

    private static async Task<Results<Ok<VariantDto>, NotFound>> Handle(
        long id, Request request, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        if (await AdminProducts.LoadByVariantAsync(db, id, ct) is not ({ } product, { } variant)) return TypedResults.NotFound();
        product.SetVariantPrices(variant, request.Prices.Select(p => p.ToMoney()), clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(VariantDto.From(variant));
    }
}
