using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Pricing;

/// <summary>The shipping methods a shopper may choose for a cart in one currency. Public: storefronts show them before sign-in.</summary>
internal static class ListStoreShippingMethods
{
    public sealed record Item(string Code, string Name, string Currency, long Amount, long? FreeOver);

    public static RouteHandlerBuilder MapListStoreShippingMethods(this RouteGroupBuilder store) =>
        store.MapGet("/shipping-methods", Handle).WithName(nameof(ListStoreShippingMethods))
            .WithSummary("List the shipping methods offered in a currency");

    // Codes are unique within a currency, so the code alone is the cursor.
    private static async Task<Results<Ok<Page<Item>>, ProblemHttpResult>> Handle(
        EngineRoomDb db, string? currency, [Range(1, 100)] int? limit, string? cursor, CancellationToken ct)
    {
        // Checked here, not by the binder, so a missing currency is a 400 that names the field like any other.
        if (currency is null) return Problems.Validation("currency", "Pass the cart's currency, e.g. ?currency=USD.");
        currency = currency.ToUpperInvariant();
        if (ShippingInput.CheckCurrency(currency) is { } invalid) return invalid;
        if (!Cursor.TryDecode<string>(cursor, out var after)) return Cursor.Invalid();
        var take = limit ?? 50;
        var query = db.ShippingMethods.AsNoTracking().Where(m => m.Active && m.Currency == currency);
        if (after is not null) query = query.Where(m => string.Compare(m.Code, after) > 0);
        var rows = await query.OrderBy(m => m.Code).Take(take + 1)
            .Select(m => new Item(m.Code, m.Name, m.Currency, m.Amount, m.FreeOver)).ToListAsync(ct);
        return TypedResults.Ok(Page.From(rows, take, m => m, last => Cursor.Encode(last.Code)));
    }
}
