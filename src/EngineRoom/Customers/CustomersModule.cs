using EngineRoom.Customers.Accounts;
using EngineRoom.Customers.Addresses;
using EngineRoom.Customers.Admin;
using EngineRoom.Customers.ApiKeys;
using EngineRoom.Customers.Staff;
using EngineRoom.Customers.Tokens;
using Microsoft.AspNetCore.Identity;

namespace EngineRoom.Customers;

/// <summary>
/// Customers and identity: registration, sign-in with rotating refresh tokens, lockout, password reset, email
/// verification, profile and address book, roles, staff accounts, API keys, and staff's customer pages with export and
/// erasure. Account mail goes out through <see cref="IAccountMail"/>, which the Email module implements.
/// </summary>
public static class CustomersModule
{
    public static IServiceCollection AddCustomers(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        services.AddEngineRoomAuth(config, env);
        services.AddApiKeys(config);
        services.Configure<PasswordHasherOptions>(config.GetSection("Auth:PasswordHasher"));
        services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        services.Configure<CustomerOptions>(config.GetSection("Customers"));
        services.AddSingleton<AccountMailLimits>();
        services.AddScoped<CustomerCheckout>();
        return services;
    }

    public static IEndpointRouteBuilder MapCustomers(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/auth").WithTags("Auth").AllowAnonymous().RequireRateLimiting(AuthSetup.AuthRateLimit)
            .AddEndpointFilter(async (context, next) =>
            {
                // Answers here carry tokens: no browser, proxy or CDN may keep them (RFC 6749 5.1).
                context.HttpContext.Response.Headers.CacheControl = "no-store";
                context.HttpContext.Response.Headers.Pragma = "no-cache";
                return await next(context);
            });
        auth.MapRegister();
        auth.MapIssueToken();
        auth.MapRefreshAccessToken();
        auth.MapLogout();
        auth.MapRequestPasswordReset();
        auth.MapResetPassword();
        auth.MapVerifyEmail();

        var me = app.MapGroup("/store").WithTags("Customers").RequireAuthorization(Policies.Customer);
        me.MapGetMe();
        me.MapChangePassword();
        me.MapUpdateProfile();
        me.MapChangeEmail();
        me.MapResendVerification();
        me.MapExportMyData();
        me.MapListAddresses();
        me.MapGetAddress();
        me.MapCreateAddress();
        me.MapReplaceAddress();
        me.MapDeleteAddress();

        var customers = app.MapGroup("/admin/customers").WithTags("Customers (staff)").RequireAuthorization(Policies.Staff).AllowApiKeys(ApiArea.Customers);
        customers.MapListCustomers();
        customers.MapGetCustomer();
        customers.MapDisableCustomer();
        customers.MapEnableCustomer();
        customers.MapExportCustomer();
        customers.MapEraseCustomer();

        var staff = app.MapGroup("/admin/staff").WithTags("Staff").RequireAuthorization(Policies.Admin);
        staff.MapListStaff();
        staff.MapGetStaff();
        staff.MapCreateStaff();
        staff.MapUpdateStaff();

        var apiKeys = app.MapGroup("/admin/api-keys").WithTags("API keys").RequireAuthorization(Policies.Admin);
        apiKeys.MapCreateApiKey();
        apiKeys.MapListApiKeys();
        apiKeys.MapGetApiKey();
        apiKeys.MapRevokeApiKey();
        return app;
    }
}
