using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers.Accounts;

/// <summary>Edits the signed-in account's name, phone and marketing consent; fields left out stay as they are.</summary>
internal static class UpdateProfile
{
    /// <param name="Phone">An empty string removes it.</param>
    /// <param name="MarketingConsent">Giving or withdrawing it records when.</param>
    public sealed record Request(
        [MinLength(1), MaxLength(100), PlainText] string? Name,
        [MaxLength(40), RegularExpression(@"^$|^\+?[0-9][0-9 ()./-]{2,38}$", ErrorMessage = "Phone must be digits, spaces and ( ) . / - with an optional leading +.")] string? Phone,
        bool? MarketingConsent);

    public static RouteHandlerBuilder MapUpdateProfile(this RouteGroupBuilder me) =>
        me.MapPatch("/me", Handle).WithName(nameof(UpdateProfile)).WithSummary("Edits my profile: name, phone, marketing consent");

    private static async Task<Results<Ok<GetMe.Response>, NotFound>> Handle(Request request, ClaimsPrincipal user, EngineRoomDb db,
        TimeProvider clock, CancellationToken ct)
    {
        var id = user.AccountId();
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (account is null) return TypedResults.NotFound();
        account.EditProfile(request.Name, request.Phone, request.MarketingConsent, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(GetMe.Response.From(account));
    }
}
