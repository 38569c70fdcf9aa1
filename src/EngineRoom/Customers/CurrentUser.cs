using System.Security.Claims;

namespace EngineRoom.Customers;

/// <summary>Who is calling, read from the validated access token. Other modules use these, never the token itself.</summary>
public static class CurrentUser
{
    public static Guid AccountId(this ClaimsPrincipal user) =>
        TryGetAccountId(user) ?? throw new InvalidOperationException("The endpoint requires a signed-in account.");

    public static Guid? TryGetAccountId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst("sub")?.Value, out var id) ? id : null;

    /// <summary>The signed-in account's email, from the token (no database read).</summary>
    public static string? Email(this ClaimsPrincipal user) => user.FindFirst("email")?.Value;

    public static bool IsStaff(this ClaimsPrincipal user) => user.IsInRole(Roles.Staff) || user.IsInRole(Roles.Admin);
}

/// <summary>
/// For routes open to guests and customers alike: a bearer token that was sent but is not valid (expired, tampered)
/// is refused with 401, rather than quietly treating its holder as a guest.
/// </summary>
public static class OptionalSignIn
{
    public static TBuilder AllowGuestsOrCustomers<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AllowAnonymous().AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.Request.Headers.Authorization.Count > 0 && http.User.Identity?.IsAuthenticated != true)
                return Common.Problems.Create(StatusCodes.Status401Unauthorized, "invalid_token", "The bearer token is not valid. Sign in again, or send no token to continue as a guest.");
            return await next(context);
        });
}
