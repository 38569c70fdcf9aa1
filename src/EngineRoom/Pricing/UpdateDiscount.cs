using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json.Serialization;
using EngineRoom.Common;
using EngineRoom.Common.Audit;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Pricing;

/// <summary>Edits a discount. Its code and kind are what it is, so they stay; make a new discount to change them.</summary>
internal static class UpdateDiscount
{
    public sealed record Request
    {
        [MinLength(1), MaxLength(200)] public string? Name { get; init; }
        public bool? Active { get; init; }
        public bool? Combinable { get; init; }
        [Range(0, 10_000)] public int? PercentBps { get; init; }
        [Range(0, DiscountChecks.MaxAmount)] public long? AmountOff { get; init; }
        [Range(0, DiscountChecks.MaxAmount)] public long? MinSubtotal { get; init; }
        [Range(0, 1000)] public int? BuyQuantity { get; init; }
        [Range(0, 1000)] public int? GetQuantity { get; init; }
        [MaxLength(1000)] public List<string>? Skus { get; init; }

        // These can be removed with an explicit null, so the request remembers which of them were sent.
        [MaxLength(3)] public string? Currency { get; init { field = value; Sent.Add(nameof(Currency)); } }
        public DateTimeOffset? StartsAt { get; init { field = value; Sent.Add(nameof(StartsAt)); } }
        public DateTimeOffset? EndsAt { get; init { field = value; Sent.Add(nameof(EndsAt)); } }
        [Range(1, int.MaxValue)] public int? UsageLimit { get; init { field = value; Sent.Add(nameof(UsageLimit)); } }
        [Range(1, int.MaxValue)] public int? PerCustomerLimit { get; init { field = value; Sent.Add(nameof(PerCustomerLimit)); } }

        [JsonIgnore] public HashSet<string> Sent { get; } = [];
    }

    public static RouteHandlerBuilder MapUpdateDiscount(this RouteGroupBuilder discounts) =>
        discounts.MapPatch("/{id:guid}", Handle).WithName(nameof(UpdateDiscount))
            .WithSummary("Change a discount");

    private static async Task<Results<Ok<DiscountDto>, NotFound, ProblemHttpResult>> Handle(
        Guid id, Request request, ClaimsPrincipal user, EngineRoomDb db, TimeProvider clock, CancellationToken ct)
    {
        var d = await db.Discounts.SingleOrDefaultAsync(x => x.Id == id, ct);
        if (d is null) return TypedResults.NotFound();
        var used = await DiscountUsage.CountAsync(db, d, ct);
        var before = DiscountDto.From(d, used);

        if (request.Name is { } name) d.Name = name.Trim();
        if (request.Active is { } active) d.Active = active;
        if (request.Combinable is { } combinable) d.Combinable = combinable;
        if (request.PercentBps is { } bps) d.PercentBps = bps;
        if (request.AmountOff is { } amountOff) d.AmountOff = amountOff;
        if (request.MinSubtotal is { } minSubtotal) d.MinSubtotal = minSubtotal;
        if (request.BuyQuantity is { } buy) d.BuyQuantity = buy;
        if (request.GetQuantity is { } get) d.GetQuantity = get;
        if (request.Skus is { } skus) d.Skus = skus.Distinct(StringComparer.Ordinal).ToList();
        if (request.Sent.Contains(nameof(Request.Currency))) d.Currency = request.Currency?.ToUpperInvariant();
        if (request.Sent.Contains(nameof(Request.StartsAt))) d.StartsAt = request.StartsAt;
        if (request.Sent.Contains(nameof(Request.EndsAt))) d.EndsAt = request.EndsAt;
        if (request.Sent.Contains(nameof(Request.UsageLimit)))
        {
            // An unlimited code was not counted on its row (see DiscountClaims): a new limit starts from its uses so far.
            if (d.UsageLimit is null && request.UsageLimit is not null) d.TimesUsed = used;
            d.UsageLimit = request.UsageLimit;
        }
        if (request.Sent.Contains(nameof(Request.PerCustomerLimit))) d.PerCustomerLimit = request.PerCustomerLimit;
        if (DiscountChecks.Check(d) is { } invalid) return invalid;
        var after = DiscountDto.From(d, d.UsageLimit is null ? used : d.TimesUsed);
        AuditLog.Record(db, user, "discount.update", "discount", id.ToString(), before, after, clock.GetUtcNow());

        // Only the changed columns are written, never TimesUsed, so concurrent checkouts keep counting. One of them may
        // still push TimesUsed past a lowered limit meanwhile; the table's check constraint then refuses the edit.
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) when (request.Sent.Contains(nameof(Request.UsageLimit)))
        {
            return Problems.Validation("usageLimit", "The discount has meanwhile been used more times than this limit.");
        }
        return TypedResults.Ok(after);
    }
}
