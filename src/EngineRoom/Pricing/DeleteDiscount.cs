using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Pricing;

internal static class DeleteDiscount
{
    public static RouteHandlerBuilder MapDeleteDiscount(this RouteGroupBuilder discounts) =>
        discounts.MapDelete("/{id:guid}", Handle).WithName(nameof(DeleteDiscount))
            .WithSummary("Delete a discount");

    // One conditional delete: a checkout that claims a limited discount at the same moment either finds it gone or stops
    // the delete by raising TimesUsed first. An unlimited one is claimed without locking its row, so a checkout that
    // priced it an instant before the delete may still complete with it; the order keeps the code by name. A used discount stays, for the orders that name it. The discount is read
    // first for the audit entry's "before"; the delete and the entry commit together.
    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Handle(
        Guid id, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var discount = await db.Discounts.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct);
        if (discount is null) return TypedResults.NotFound();
        var deleted = await db.Discounts
            .Where(d => d.Id == id && d.TimesUsed == 0 && !db.DiscountRedemptions.Any(r => r.DiscountId == d.Id))
            .ExecuteDeleteAsync(ct);
        if (deleted == 1)
        {
            AuditLog.Record(db, user, "discount.delete", "discount", id.ToString(), DiscountDto.From(discount, discount.TimesUsed), null, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return TypedResults.NoContent();
        }
        if (!await db.Discounts.AnyAsync(d => d.Id == id, ct)) return TypedResults.NotFound();
        return Problems.Conflict("discount_in_use",
            "The discount has been used, so it is kept for the orders that name it. Deactivate it instead (PATCH with active: false).");
    }
}
