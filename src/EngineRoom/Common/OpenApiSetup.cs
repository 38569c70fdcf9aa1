using Microsoft.AspNetCore.OpenApi;

namespace EngineRoom.Common;

internal static class OpenApiSetup
{
    /// <summary>
    /// Every action file nests its own <c>Request</c> (and often an <c>Item</c>); by default their schemas share one
    /// name, so the document describes all of them as whichever came first. Naming a nested type after the type it
    /// sits in (<c>CreateDiscountRequest</c>, <c>PageOfListInventoryItem</c>) keeps each one its own.
    /// </summary>
    public static IServiceCollection AddEngineRoomOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o => o.CreateSchemaReferenceId = type =>
            OpenApiOptions.CreateDefaultSchemaReferenceId(type) is null ? null : NameOf(type.Type));

    private static string NameOf(Type type) => type switch
    {
        _ when Nullable.GetUnderlyingType(type) is { } underlying => NameOf(underlying),
        { IsGenericType: true } => $"{type.Name[..type.Name.IndexOf('`')]}Of{string.Join("And", type.GetGenericArguments().Select(NameOf))}",
        { IsNested: true, DeclaringType: { } outer } => NameOf(outer) + type.Name,
        _ => type.Name,
    };
}
