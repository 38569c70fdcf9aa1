namespace EngineRoom.Customers;

/// <summary>Settings under <c>Customers</c>: the account flows (reset, verification, checkout rules, mail limits).</summary>
public sealed class CustomerOptions
{
    public int PasswordResetMinutes { get; set; } = 30;
    public int EmailVerificationHours { get; set; } = 48;
    /// <summary>Signed-in customers whose email is not verified are refused at checkout (403 <c>email_not_verified</c>).</summary>
    public bool RequireVerifiedEmailForCheckout { get; set; }
    /// <summary>Reset requests and verification mails per email address per hour, per instance (whether or not it has an account).</summary>
    public int MailPerAddressPerHour { get; set; } = 5;
    /// <summary>Reset requests and verification mails per client address per hour, per instance.</summary>
    public int MailPerClientPerHour { get; set; } = 30;
    /// <summary>
    /// Reset and email-change requests are answered no sooner than this after they arrive, whichever path they took: the
    /// path that mails commits a write (a disk flush) that the other does not, which a stopwatch would otherwise tell apart.
    /// </summary>
    public int MailRequestFloorMilliseconds { get; set; } = 250;
    /// <summary>The storefront page that takes a reset token. Fixed by configuration, never taken from the request's Host.</summary>
    public string PasswordResetUrl { get; set; } = "http://localhost:5080/shop/reset-password#email={email}&token={token}";
    public string VerifyEmailUrl { get; set; } = "http://localhost:5080/shop/verify-email#email={email}&token={token}";

    /// <summary>Waits out the rest of <see cref="MailRequestFloorMilliseconds"/> since <paramref name="startedTimestamp"/> (Stopwatch).</summary>
    public Task WaitForFloorAsync(long startedTimestamp, CancellationToken ct) =>
        TimeSpan.FromMilliseconds(MailRequestFloorMilliseconds) - System.Diagnostics.Stopwatch.GetElapsedTime(startedTimestamp) is { Ticks: > 0 } left
            ? Task.Delay(left, ct) : Task.CompletedTask;

    public static string Link(string template, string email, string token) =>
        template.Replace("{email}", Uri.EscapeDataString(email), StringComparison.Ordinal)
            .Replace("{token}", Uri.EscapeDataString(token), StringComparison.Ordinal);
}
