using EngineRoom.Common.Outbox;
using EngineRoom.Customers;
using EngineRoom.Data;
using Microsoft.Extensions.Options;

namespace EngineRoom.Email;

/// <summary>
/// Email: transactional mail from the outbox (order mail) and from the account flows (Customers' IAccountMail), kept in
/// one table, sent by each instance's sender over SMTP (MailKit), or into .eml files in the embedded default; templates
/// built in and overridable from a folder; a staff preview and message list (docs/email.md, docs/decisions/0014).
/// </summary>
public static class EmailModule
{
    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        services.AddOptions<EmailOptions>().BindConfiguration("Email");
        services.AddOptions<SmtpOptions>().BindConfiguration("Smtp").ValidateOnStart(); // no host in Production, no start
        services.AddSingleton<IValidateOptions<SmtpOptions>, EmailOptionsValidation>();
        services.AddSingleton<EmailTemplates>();
        services.AddSingleton<EmailComposer>();
        services.AddSingleton<IAccountMail, AccountMail>();
        if (!config.GetValue("Email:Enabled", true)) return services;

        services.AddSingleton<IMailTransport>(sp => string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<SmtpOptions>>().Value.Host)
            ? new PickupFolderTransport(PickupFolder(sp.GetRequiredService<IOptions<EmailOptions>>().Value, config, env), sp.GetRequiredService<TimeProvider>())
            : ActivatorUtilities.CreateInstance<SmtpTransport>(sp));
        services.AddSingleton<EmailSender>();
        services.AddHostedService(sp => sp.GetRequiredService<EmailSender>());
        services.AddScoped<IOutboxHandler, OrderMail>();
        return services;
    }

    /// <summary>Without an SMTP host: Email:PickupDirectory, else the <c>mail</c> folder in the data folder (beside the embedded database).</summary>
    public static string PickupFolder(EmailOptions options, IConfiguration config, IHostEnvironment env) =>
        options.PickupDirectory is { Length: > 0 } folder ? Path.GetFullPath(folder, env.ContentRootPath) : Path.Combine(DatabaseSetup.DataDirectory(config, env), "mail");

    public static IEndpointRouteBuilder MapEmail(this IEndpointRouteBuilder app)
    {
        // Staff only; no API key area opens it (keys get 403 api_key_not_allowed).
        var email = app.MapGroup("/admin/email").WithTags("Email").RequireAuthorization(Policies.Staff);
        email.MapListEmailTemplates();
        email.MapPreviewEmailTemplate();
        email.MapListEmailMessages();
        return app;
    }
}
