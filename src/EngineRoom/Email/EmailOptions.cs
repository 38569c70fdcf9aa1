using Microsoft.Extensions.Options;

namespace EngineRoom.Email;

/// <summary>The <c>Email</c> configuration section (README, configuration table; docs/email.md).</summary>
public sealed class EmailOptions
{
    /// <summary>Off: nothing is queued or sent (the outbox consumer and the sender are not registered).</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>A folder whose files override the built-in templates of the same name (<c>order-confirmation.html</c>...).</summary>
    public string? TemplatesPath { get; set; }
    /// <summary>Without <c>Smtp:Host</c>, messages are written here as .eml files (default: the data folder's <c>mail</c>).</summary>
    public string? PickupDirectory { get; set; }
    /// <summary>The customer's page of an order; <c>{orderId}</c> is replaced. A guest's link gets <c>#token=...</c> appended.</summary>
    public string OrderUrl { get; set; } = "http://localhost:5080/shop/order.html?id={orderId}";
    public double PollSeconds { get; set; } = 1;
    /// <summary>How long a claimed message stays with its sender; longer than a send may take (<see cref="SmtpOptions.TimeoutSeconds"/>).</summary>
    public int LeaseSeconds { get; set; } = 120;
    public int BatchSize { get; set; } = 20;
    /// <summary>Tries before a message is left <see cref="EmailStatus.Failed"/> for staff (docs/email.md has the schedule).</summary>
    public int MaxAttempts { get; set; } = 10;
    public double RetryBaseSeconds { get; set; } = 30;
    public double RetryMaxMinutes { get; set; } = 120;
}

public enum SmtpSecurity { Auto, None, StartTls, SslOnConnect }

/// <summary>The <c>Smtp</c> section. No host: the embedded default writes .eml files; in Production the server refuses to start.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary>Auto: TLS on connect for port 465, STARTTLS when the server offers it otherwise (MailKit's Auto).</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>The From mailbox, e.g. <c>Shop &lt;shop@example.com&gt;</c>; default <c>{Store:Name} &lt;no-reply@localhost&gt;</c> outside Production.</summary>
    public string? From { get; set; }
    public int TimeoutSeconds { get; set; } = 30;
}

internal sealed class EmailOptionsValidation(IHostEnvironment env, IOptions<EmailOptions> email) : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions o)
    {
        if (!email.Value.Enabled) return ValidateOptionsResult.Success;
        List<string> errors = [];
        var e = email.Value;
        if (e.PollSeconds <= 0 || e.BatchSize <= 0 || e.MaxAttempts <= 0 || e.RetryBaseSeconds <= 0 || e.RetryMaxMinutes <= 0)
            errors.Add("Email: PollSeconds, BatchSize, MaxAttempts, RetryBaseSeconds and RetryMaxMinutes must be positive.");
        if (o.TimeoutSeconds <= 0 || e.LeaseSeconds <= o.TimeoutSeconds)
            errors.Add("Smtp:TimeoutSeconds must be positive and Email:LeaseSeconds longer than it.");
        if (env.IsProduction() && string.IsNullOrWhiteSpace(o.Host))
            errors.Add("Smtp:Host is not set: in Production email goes through an SMTP server (or set Email:Enabled=false).");
        if (env.IsProduction() && string.IsNullOrWhiteSpace(o.From))
            errors.Add("Smtp:From is not set: in Production the shop's own sender address is required, e.g. 'Shop <shop@example.com>'.");
        if (o.From is { } from && (from.Any(char.IsControl) || !MimeKit.MailboxAddress.TryParse(from, out _)))
            errors.Add("Smtp:From is not one mailbox such as 'Shop <shop@example.com>'.");
        if (!string.IsNullOrEmpty(o.UserName) && o.Security == SmtpSecurity.None)
            errors.Add("Smtp:Security=None with Smtp:UserName would send the password in clear: use StartTls, SslOnConnect or Auto.");
        if (o.Port is <= 0 or > 65535) errors.Add("Smtp:Port must be 1-65535.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
