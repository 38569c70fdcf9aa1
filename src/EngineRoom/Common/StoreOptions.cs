namespace EngineRoom.Common;

/// <summary>Settings under <c>Store</c>.</summary>
public sealed class StoreOptions
{
    /// <summary>The currency carts and lists use when the client names none.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>The shop's name as customers read it (emails: subject, greeting, signature).</summary>
    public string Name { get; set; } = "EngineRoom Shop";
}
