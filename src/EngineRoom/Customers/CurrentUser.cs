using System.Security.Claims;

namespace EngineRoom.Customers;

/// <summary>Who is calling, read from the validated access token. Other modules use these, never the token itself.</summary>
public static class CurrentUser
{
    public static Guid AccountId(this ClaimsPrincipal user) =>
        TryGetAccountId(user) ?? throw new InvalidOperationException("The endpoint requires a signed-in account.");

    public static Guid? TryGetAccountId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst("sub")?.Value, out var id) ? id : null;

    public static bool IsStaff(this ClaimsPrincipal user) => user.IsInRole(Roles.Staff) || user.IsInRole(Roles.Admin);
}
