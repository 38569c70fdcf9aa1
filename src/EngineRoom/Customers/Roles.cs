namespace EngineRoom.Customers;

public static class Roles
{
    public const string Customer = "customer";
    public const string Staff = "staff";
    public const string Admin = "admin";

    public static bool IsKnown(string? role) => role is Customer or Staff or Admin;
}

/// <summary>The authorization policies every endpoint names; an endpoint that names none is denied (see Program).</summary>
public static class Policies
{
    /// <summary>Any signed-in account (never an API key).</summary>
    public const string Customer = "customer";
    /// <summary>
    /// Staff and admins: everything under /admin. A group that also says <c>.AllowApiKeys(ApiArea.X)</c> lets in API
    /// keys with a scope of area X (ApiKeys/ApiKeyAccess.cs); without it, keys are refused.
    /// </summary>
    public const string Staff = "staff";
    /// <summary>Admins only: staff and API key management. Never an API key.</summary>
    public const string Admin = "admin";
}
