using System.Security.Claims;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers;

internal static class GetMe
{
    public sealed record Response(Guid Id, string Email, string Name, string Role, DateTimeOffset CreatedAt);

    public static RouteHandlerBuilder MapGetMe(this RouteGroupBuilder store) =>
        store.MapGet("/me", Handle).WithName(nameof(GetMe))
            .WithSummary("The signed-in customer's profile");

    private static async Task<Results<Ok<Response>, NotFound>> Handle(ClaimsPrincipal user, EngineRoomDb db, CancellationToken ct)
    {
        var id = user.AccountId();
        var me = await db.Accounts.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new Response(a.Id, a.Email, a.Name, a.Role, a.CreatedAt)).SingleOrDefaultAsync(ct);
        return me is null ? TypedResults.NotFound() : TypedResults.Ok(me);
    }
}
