using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

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
            o.AddOperationTransformer((operation, _, _) =>
            {
                OpenApiExamples.Apply(operation);
                return Task.CompletedTask;
            });
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = ApiIntroduction.Title;
                document.Info.Description = ApiIntroduction.Markdown;
                var tags = (document.Tags ?? new HashSet<OpenApiTag>()).ToList();
                foreach (var tag in tags)
                    if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description)) tag.Description ??= description;
                var order = TagDescriptions.Keys.ToList();
                // The store's tags first (a set built by adds keeps their order), then any tag not listed here, as they came.
                document.Tags = new HashSet<OpenApiTag>(tags.OrderBy(t => order.IndexOf(t.Name ?? "") is var i && i < 0 ? int.MaxValue : i));
                return Task.CompletedTask;
            });
        });

    /// <summary>
    /// The reference at /docs (Scalar), made to work offline and to send nothing anywhere but this server: the Scalar
    /// bundle is served by the package itself; no web fonts, telemetry, AI agent or MCP hooks; no developer toolbar (its
    /// "Configure" leads to scalar.com) and no client button (it offers Scalar's hosted client and app); no proxy, so
    /// "Test Request" goes straight to this server. The page's CSP (connect-src 'self') would refuse anything else anyway.
    /// </summary>
    public static IEndpointConventionBuilder MapApiReference(this IEndpointRouteBuilder app) =>
        app.MapScalarApiReference("/docs", o =>
        {
            o.WithTitle(ApiIntroduction.Title).WithOpenApiRoutePattern("/openapi/v1.json")
                .DisableDefaultFonts().HideClientButton().HideDeveloperTools().DisableAgent().DisableMcp()
                .WithOperationTitleSource(OperationTitleSource.Summary);
            o.Telemetry = false;
            o.ProxyUrl = null;
        }).AllowAnonymous();

    // Tags in reading order for a storefront developer: the store first, then sign-in, then staff.
    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Catalog"] = "Published products: search, filter, sort, cursor paging; one product with its variants, prices and stock; categories.",
        ["Carts"] = "Guest and customer carts with server-computed totals (discounts, shipping, tax), and checking a cart out.",
        ["Checkout"] = "Buy Now: lines, email and a payment token in one request, answered with the paid order.",
        ["Orders"] = "A customer's orders, a guest's order by its Order-Token, returns; staff's view of every order.",
        ["Auth"] = "Register, sign in, refresh and sign out. Tokens are bearer tokens: 15-minute access, 30-day one-use refresh.",
        ["Customers"] = "The signed-in customer's profile and password.",
        ["Pricing"] = "Discounts, shipping methods and tax rates (staff); the shipping methods a store offers.",
        ["Payments"] = "Payment provider webhooks (Stripe), verified by signature.",
        ["Catalog admin"] = "Products, variants, prices and categories (staff, or an API key with catalog scopes).",
        ["Inventory"] = "Stock per SKU and location, adjustments with reasons, counts and the movement trail (staff).",
        ["Order actions"] = "Capture, void, cancel, refund, fulfil, ship, deliver, receive a return: each idempotent with an Idempotency-Key (staff).",
        ["Ledger"] = "The double-entry ledger: balances, journal entries, one order's entries, reconciliation with the provider (staff).",
        ["Staff"] = "Staff and admin accounts (admins).",
        ["API keys"] = "Keys for server-to-server callers, scoped to admin areas (admins).",
        ["Audit"] = "Who changed what, and with which API key (admins).",
        ["Webhooks"] = "Endpoints that receive signed events, their delivery log, tests and replays (admins).",
    };

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
