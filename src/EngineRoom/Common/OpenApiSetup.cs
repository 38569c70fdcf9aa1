using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EngineRoom.Common;

internal static class OpenApiSetup
{
    /// <summary>
    /// Every action file nests its own <c>Request</c> (and often an <c>Item</c>); by default their schemas share one
    /// name, so the document describes all of them as whichever came first. Naming a nested type after the type it
    /// sits in (<c>CreateDiscountRequest</c>, <c>PageOfListInventoryItem</c>) keeps each one its own.
    /// </summary>
    public static IServiceCollection AddEngineRoomOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.CreateSchemaReferenceId = type => OpenApiOptions.CreateDefaultSchemaReferenceId(type) is null ? null : NameOf(type.Type);
            o.AddBearerScheme(Bearer, "JWT", "An access token from POST /auth/token.");
            // Operations that demand a signed-in caller say so, so the reference at /docs sends the token for them.
            o.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
                    (operation.Security ??= []).Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] });
                return Task.CompletedTask;
            });
        });

    private const string Bearer = "Bearer";

    /// <summary>Names a bearer security scheme in the document's components, for operations to refer to.</summary>
    public static OpenApiOptions AddBearerScheme(this OpenApiOptions o, string name, string format, string description) =>
        o.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[name] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = format, Description = description,
            };
            return Task.CompletedTask;
        });

    private static string NameOf(Type type) => type switch
    {
        _ when Nullable.GetUnderlyingType(type) is { } underlying => NameOf(underlying),
        { IsGenericType: true } => $"{type.Name[..type.Name.IndexOf('`')]}Of{string.Join("And", type.GetGenericArguments().Select(NameOf))}",
        { IsNested: true, DeclaringType: { } outer } => NameOf(outer) + type.Name,
        _ => type.Name,
    };
}
