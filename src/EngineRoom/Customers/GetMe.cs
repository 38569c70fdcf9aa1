using System.Security.Claims;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers;

internal static class GetMe
{
    /// <param name="MarketingConsentChangedAt">When consent was last given or withdrawn; null when never asked.</param>
    public sealed record Response(Guid Id, string Email, string Name, string Role, DateTimeOffset CreatedAt, bool EmailVerified,
        string? Phone, bool MarketingConsent, DateTimeOffset? MarketingConsentChangedAt)
    {
        public static Response From(Account a) =>
            new(a.Id, a.Email, a.Name, a.Role, a.CreatedAt, a.EmailVerifiedAt is not null, a.Phone, a.MarketingConsent, a.MarketingConsentChangedAt);
    }

    public static RouteHandlerBuilder MapGetMe(this RouteGroupBuilder store) =>
        store.MapGet("/me", Handle).WithName(nameof(GetMe))
            .WithSummary("The signed-in customer's profile");

    internal static async Task<Results<Ok<Response>, NotFound>> Handle(ClaimsPrincipal user, EngineRoomDb db, CancellationToken ct)
    {
        var id = user.AccountId();
        var me = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        return me is null ? TypedResults.NotFound() : TypedResults.Ok(Response.From(me));
    }
}
