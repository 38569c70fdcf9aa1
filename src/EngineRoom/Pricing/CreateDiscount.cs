using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Pricing;

internal static class CreateDiscount
{
    /// <summary>A discount code (or, with no code, an automatic promotion). Amounts that only another kind uses stay unset.</summary>
    public sealed record Request(
        [MaxLength(64)] string? Code,
        [Required, MaxLength(200)] string Name,
        [Required, RegularExpression(DiscountChecks.KindPattern, ErrorMessage = DiscountChecks.KindMessage)] string Kind,
        [Range(0, 10_000)] int? PercentBps,
        [Range(0, DiscountChecks.MaxAmount)] long? AmountOff,
        [MaxLength(3)] string? Currency,
        [Range(0, DiscountChecks.MaxAmount)] long? MinSubtotal,
        [Range(0, 1000)] int? BuyQuantity,
        [Range(0, 1000)] int? GetQuantity,
        [MaxLength(1000)] List<string>? Skus,
        DateTimeOffset? StartsAt,
        DateTimeOffset? EndsAt,
        [Range(1, int.MaxValue)] int? UsageLimit,
        [Range(1, int.MaxValue)] int? PerCustomerLimit,
        bool Combinable = false,
        bool Active = true);

    public static RouteHandlerBuilder MapCreateDiscount(this RouteGroupBuilder discounts) =>
        discounts.MapPost("/", Handle).WithName(nameof(CreateDiscount))
            .WithSummary("Create a discount (code or automatic promotion)");

    private static async Task<Results<Created<DiscountDto>, ProblemHttpResult>> Handle(
        Request request, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        var code = request.Code is null ? null : Discount.NormalizeCode(request.Code);
        if (code is not null && DiscountChecks.CheckCode(code) is { } badCode) return badCode;
        var now = clock.GetUtcNow();
        var discount = new Discount
        {
            Id = Guid.CreateVersion7(now), Code = code, Name = request.Name.Trim(), Kind = Enum.Parse<DiscountKind>(request.Kind, ignoreCase: true),
            PercentBps = request.PercentBps ?? 0, AmountOff = request.AmountOff ?? 0, Currency = request.Currency?.ToUpperInvariant(),
            MinSubtotal = request.MinSubtotal ?? 0, BuyQuantity = request.BuyQuantity ?? 0, GetQuantity = request.GetQuantity ?? 0,
            Skus = request.Skus?.Distinct(StringComparer.Ordinal).ToList() ?? [], StartsAt = request.StartsAt, EndsAt = request.EndsAt,
            UsageLimit = request.UsageLimit, PerCustomerLimit = request.PerCustomerLimit, Combinable = request.Combinable,
            Active = request.Active, CreatedAt = now,
        };
        if (DiscountChecks.Check(discount) is { } invalid) return invalid;

        if (code is not null && await db.Discounts.AnyAsync(d => d.Code == code, ct)) return CodeTaken(code);
        db.Discounts.Add(discount);
        AuditLog.Record(db, user, "discount.create", "discount", discount.Id.ToString(), null, DiscountDto.From(discount, 0), now);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) when (code is not null) { return CodeTaken(code); } // lost a race under the unique index
        return TypedResults.Created($"/admin/discounts/{discount.Id}", DiscountDto.From(discount, 0));
    }

    private static ProblemHttpResult CodeTaken(string code) =>
        Problems.Conflict("discount_code_taken", $"A discount with code '{code}' already exists.");
}
