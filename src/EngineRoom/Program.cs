using System.Text.Json.Serialization;
using EngineRoom.Analytics;
using EngineRoom.Catalog;
using EngineRoom.Common;
using EngineRoom.Common.Audit;
using EngineRoom.Common.Idempotency;
using EngineRoom.Common.Outbox;
using EngineRoom.Common.ErrorHandling;
using EngineRoom.Common.Telemetry;
using EngineRoom.Customers;
using EngineRoom.Customers.ApiKeys;
using EngineRoom.Carts;
using EngineRoom.Checkout;
using EngineRoom.Data;
using EngineRoom.Email;
using EngineRoom.GraphQL;
using EngineRoom.Orders;
using EngineRoom.Payments;
using EngineRoom.Inventory;
using EngineRoom.Ledger;
using EngineRoom.Pricing;
using EngineRoom.Webhooks;

if (args.Contains("--help"))
{
    Console.WriteLine("""
        EngineRoom: a headless commerce backend.
          dotnet run --project src/EngineRoom                 serve (embedded SQLite unless Database:Provider=postgres)
          dotnet run --project src/EngineRoom -- migrate      apply database migrations and exit
          dotnet run --project src/EngineRoom -- analytics rebuild   recompute the analytics rollups from the orders and exit
        Settings follow ASP.NET Core conventions (appsettings.json, environment variables such as Database__Provider, --Key=value).
        """);
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddEngineRoomTelemetry();
var services = builder.Services;
services.AddSingleton(TimeProvider.System);
services.AddEngineRoomProblemDetails();
services.AddValidation();
services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // bad JSON reaches GlobalExceptionHandler
services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
    o.SerializerOptions.AllowDuplicateProperties = false; // InputGuard refuses them first, naming the field
});
services.AddEngineRoomOpenApi();
services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
services.AddEngineRoomForwardedHeaders(builder.Configuration);
services.AddEngineRoomDb(builder.Configuration, builder.Environment);
services.AddIdempotency();
services.AddAbuseLimits(builder.Configuration);
services.AddHttpHardening(builder.Configuration);
services.AddOutbox(builder.Configuration);
services.AddCustomers(builder.Configuration, builder.Environment);
services.AddInventory(builder.Configuration);
services.AddPricing();
services.AddCheckout(builder.Configuration);
services.AddPayments(builder.Configuration); // after AddCheckout: it chooses the payment provider
services.AddOrders();
services.AddCarts();
services.AddCatalog(builder.Configuration);
services.AddWebhooks(builder.Configuration);
services.AddEmail(builder.Configuration, builder.Environment);
services.AddAnalytics(builder.Configuration);
services.AddEngineRoomGraphQL(builder.Configuration);

var app = builder.Build();

if (args.Contains("migrate"))
{
    await app.Services.MigrateAsync();
    Console.WriteLine("Database migrated.");
    return;
}
if (args.Length >= 2 && args[0] == "analytics" && args[1] == "rebuild") { await AnalyticsCommands.RebuildAsync(app.Services); return; }

app.UseForwardedHeaders();
app.UseMiddleware<SecurityHeaders>();
app.UseExceptionHandler();
app.UseStatusCodePages(); // the framework's bare 401/403/404/405 become problem details too
app.UseMiddleware<RequestSizeLimit>();
app.UseMiddleware<UrlLength>();
app.UseDefaultFiles(); // /shop/ and /console/ are wwwroot/{shop,console}/index.html: the demo storefront and the staff console (docs/storefront.md, docs/console.md)
app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = f => f.Context.Response.Headers.CacheControl = "no-cache" }); // revalidated by ETag: an edit shows at once
app.UseCors();
app.UseAuthentication();
app.UseApiKeyBoundary(); // an API key reaches only the admin areas that accept keys (docs/decisions/0011)
app.UseAuthorization();
app.UseRateLimiter();
app.UseOutputCache();
app.UseMiddleware<InputGuard>();

app.MapOpenApi().AllowAnonymous();
app.MapApiReference(); // /docs, working offline (Common/OpenApiSetup.cs)
app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
app.MapMetrics();
app.MapGet("/", () => TypedResults.Redirect("/docs")).ExcludeFromDescription().AllowAnonymous();
app.MapCustomers();
app.MapInventory();
app.MapPricing();
app.MapCheckout();
app.MapCarts();
app.MapOrders();
app.MapPayments();
app.MapLedger();
app.MapCatalog();
app.MapAudit();
app.MapWebhooks();
app.MapEmail();
app.MapAnalytics();
app.MapEngineRoomGraphQL();

await Startup.PrepareAsync(app);
app.Run();

public partial class Program;
